package gradiente.generative.gan;

import gradiente.autograd.Autograd;
import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import gradiente.testdata.GoldenArray;
import gradiente.testdata.GoldenCase;
import gradiente.testdata.GoldenCompare;
import gradiente.testdata.GoldenFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The DCGAN of thesis 4.2 as {@link DcganNets} composes it (narrowed to a few filters), one step of
 * Algorithm 1 against PyTorch in float64 (test-data {@code golden/models/dcgan_step.json}): G's
 * images, D's scores on real and generated images, both BCE losses, every discriminator gradient of
 * the D step and every generator gradient of the G step through D. Dropout is off (D in evaluation
 * mode): PyTorch cannot draw our masks. Unconditional and conditional (class planes joined to D's
 * input, one-hot classes joined to z) cases.
 */
class DcganGoldenTest {

    @TestFactory
    Stream<DynamicTest> stepMatchesPyTorch() {
        GoldenFile f = GoldenFile.load("golden/models/dcgan_step.json");
        return f.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    private static Tensor t(GoldenCase c, String name) {
        GoldenArray a = c.array(name);
        return Tensor.of(a.data(), a.shape());
    }

    private static void check(GoldenCase c, String name, Tensor actual) {
        GoldenCompare.assertClose(c, name, actual.shape(), actual.toDoubleArray(), 1e-9);
    }

    private static void load(GoldenCase c, String prefix, Map<String, Variable> params) {
        for (Map.Entry<String, Variable> e : params.entrySet()) {
            Tensor v = t(c, prefix + e.getKey());
            if (!Arrays.equals(v.shape(), e.getValue().data().shape())) {
                throw new AssertionError(c.id() + ": " + prefix + e.getKey() + " is " + v.shapeString() + " in the golden file but "
                        + e.getValue().data().shapeString() + " in DcganNets");
            }
            e.getValue().data().copyFrom(v);
        }
    }

    private static void run(GoldenCase c) {
        int latent = c.intParam("latent");
        int classes = c.intParam("classes");
        int b = c.intParam("batch");
        Generator gen = new Generator(5);
        GeneratorNet g = DcganNets.generator(latent, classes, DcganNets.Options.THESIS, c.intParam("width"), gen);
        DiscriminatorNet d = DcganNets.discriminator(classes, true, false, c.intParam("d_width"), gen, new Generator(6));
        g.to(DType.FLOAT64);
        d.to(DType.FLOAT64);
        d.eval();
        load(c, "g.", g.namedParameters());
        load(c, "d.", d.namedParameters());
        Tensor c1 = classes > 0 ? t(c, "c1") : null;
        Tensor c2 = classes > 0 ? t(c, "c2") : null;
        Tensor real = t(c, "real");

        // Discriminator step: b real and b generated images, labels 1 and 0.
        Variable fake1;
        try (var s = GradMode.noGrad()) {
            fake1 = g.forward(new Variable(t(c, "z1")), c1);
        }
        check(c, "fake1", fake1.data());
        Tensor cond = classes > 0 ? Tensor.concat(0, t(c, "creal"), c1) : null;
        Variable p = d.forward(Variable.concat(0, new Variable(real), new Variable(fake1.data())), cond);
        check(c, "p", p.data());
        Variable lossD = Losses.bce(p, new Variable(Tensor.concat(0, real.newFull(1.0, b, 1), real.newFull(0.0, b, 1))),
                Reduction.MEAN);
        check(c, "loss_d", lossD.data());
        d.zeroGrad();
        lossD.backward();
        d.namedParameters().forEach((name, v) -> check(c, "grad_d." + name, v.grad()));

        // Generator step: 2b generated images through D, labelled real; gradients for G's parameters only.
        Variable q = d.forward(g.forward(new Variable(t(c, "z2")), c2), c2);
        check(c, "q", q.data());
        Variable lossG = Losses.bce(q, new Variable(real.newFull(1.0, 2 * b, 1)), Reduction.MEAN);
        check(c, "loss_g", lossG.data());
        List<String> names = new ArrayList<>(g.namedParameters().keySet());
        Variable[] grads = Autograd.grad(new Variable[] {lossG}, null, g.parameters().toArray(new Variable[0]), false, false, true);
        for (int i = 0; i < grads.length; i++) {
            check(c, "grad_g." + names.get(i), grads[i].data());
        }
    }
}
