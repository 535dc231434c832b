package gradiente.generative.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.Variable;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Thesis 4.2 (figures 72-73): the DCGAN's shapes and parameter counts, and its variants. */
@Tag("seed002-4.2")
class DcganNetsTest {
    private static java.util.List<Double> list(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void generatorHasTheThesisParameterCountAndMakes28x28Images() {
        Generator gen = new Generator(1);
        GeneratorNet g = DcganNets.generator(100, 0, DcganNets.Options.THESIS, gen);
        assertThat(g.numParameters()).isEqualTo(1_164_289L);
        // Keras' start: zero biases, Glorot-uniform kernels (dense 100 -> 6272: |w| <= sqrt(6 / 6372)).
        g.namedParameters().forEach((name, p) -> {
            if (name.endsWith("bias")) {
                assertThat(list(p.data().toDoubleArray())).as(name).allMatch(v -> v == 0);
            }
        });
        double bound = Math.sqrt(6.0 / (100 + 6272));
        assertThat(list(g.namedParameters().get("body.0.weight").data().toDoubleArray()))
                .allMatch(v -> Math.abs(v) <= bound).anyMatch(v -> Math.abs(v) > 0.9 * bound);
        Tensor x = g.generate(Tensor.randn(gen, 1, 100), null);
        assertThat(x.shape()).containsExactly(1, 1, 28, 28);
        double[] v = x.toDoubleArray();
        assertThat(list(v)).allMatch(p -> p > 0 && p < 1);
    }

    @Test
    void discriminatorHasTheKerasParameterCountAndScoresInZeroOne() {
        Generator gen = new Generator(2);
        DiscriminatorNet d = DcganNets.discriminator(0, true, false, gen, new Generator(3));
        // Conv 1->64 k3 (640) + Conv 64->64 k3 (36,928) + Dense 3136->1 (3,137).
        assertThat(d.numParameters()).isEqualTo(40_705L);
        Variable p = d.forward(new Variable(Tensor.rand(gen, 3, 1, 28, 28)), null);
        assertThat(p.shape()).containsExactly(3, 1);
        assertThat(list(p.data().toDoubleArray())).allMatch(s -> s > 0 && s < 1);
    }

    @Test
    void theCriticHasALinearOutputAndTheConditionalNetsTakeClassPlanes() {
        Generator gen = new Generator(4);
        DiscriminatorNet critic = DcganNets.discriminator(10, false, false, gen, new Generator(5));
        assertThat(critic.numParameters()).isEqualTo(40_705L + 10 * 9 * 64);
        Tensor c = Conditions.oneHot(new int[] {3, 7}, 10, Tensor.zeros(1));
        Variable s = critic.forward(new Variable(Tensor.rand(gen, 2, 1, 28, 28).mul(40)), c);
        assertThat(s.shape()).containsExactly(2, 1);
        GeneratorNet g = DcganNets.generator(100, 10, DcganNets.Options.THESIS, gen);
        assertThat(g.numParameters()).isEqualTo(1_164_289L + 10 * 6272);
    }

    @Test
    void variantsKeepTheShapeAndTheUpsamplingOneTheParameterCount() {
        Generator gen = new Generator(6);
        GeneratorNet up = DcganNets.generator(100, 0, new DcganNets.Options(false, false, true), gen);
        assertThat(up.numParameters()).isEqualTo(1_164_289L);
        assertThat(up.generate(Tensor.randn(gen, 1, 100), null).shape()).containsExactly(1, 1, 28, 28);
        GeneratorNet tanh = DcganNets.generator(16, 0, new DcganNets.Options(true, true, false), gen);
        double[] v = tanh.generate(Tensor.randn(gen, 1, 16), null).toDoubleArray();
        assertThat(list(v)).anyMatch(p -> p < 0).allMatch(p -> p > -1 && p < 1);
        // Batch norm: 3 layers of 128 channels, scale and shift each.
        assertThat(tanh.numParameters()).isEqualTo(1_164_289L - 84 * 6272 + 3 * 2 * 128);
    }

    @Test
    void mlpNetsRefuseTheDcganVariants() {
        assertThatThrownBy(() -> new GanSpec("gan", GanSpec.Net.MLP, 100, 0, 128, new DcganNets.Options(true, false, false), 28, 28))
                .hasMessageContaining("DCGAN variants").hasMessageContaining("net DCGAN").hasMessageNotContaining("--");
    }
}
