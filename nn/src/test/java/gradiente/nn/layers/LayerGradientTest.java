package gradiente.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.GradCheck;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.LayerGradCheck;
import gradiente.nn.Sequential;
import gradiente.nn.activations.ELU;
import gradiente.nn.activations.LeakyReLU;
import gradiente.nn.activations.LogSoftmax;
import gradiente.nn.activations.ReLU;
import gradiente.nn.activations.Sigmoid;
import gradiente.nn.activations.Softmax;
import gradiente.nn.activations.Softplus;
import gradiente.nn.activations.Tanh;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Float64 central-difference checks of every layer's input and parameter gradients. */
class LayerGradientTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    /** Values away from the kinks of ReLU-like functions, so central differences are valid. */
    private static Tensor awayFromZero(long seed, int... shape) {
        Tensor t = randn(seed, shape);
        return t.add(t.sign().mul(0.1));
    }

    @Test
    void linear() {
        LayerGradCheck.check("linear", () -> new Linear(4, 3, new Generator(1)), randn(2, 5, 4));
        LayerGradCheck.check("linear 3-D input", () -> new Linear(4, 2, false, new Generator(1)), randn(2, 2, 3, 4));
    }

    @Test
    void activations() {
        Tensor x = awayFromZero(3, 4, 5);
        Supplier<?>[] all = {ReLU::new, Sigmoid::new, Tanh::new, Softplus::new, () -> new LeakyReLU(0.2),
            () -> new ELU(1.0), Softmax::new, LogSoftmax::new, () -> new Softmax(0)};
        for (Supplier<?> s : all) {
            Layer l = (Layer) s.get();
            LayerGradCheck.check(l.getClass().getSimpleName(), () -> (Layer) s.get(), x);
        }
    }

    @Test
    void activationValues() {
        Tensor x = Tensor.of(new double[] {-2, 0.5}, 2);
        assertThat(new LeakyReLU(0.05).forward(new Variable(x)).data().toDoubleArray()).containsExactly(-0.1, 0.5);
        assertThat(new ELU(1).forward(new Variable(x)).data().get(0)).isCloseTo(Math.exp(-2) - 1, within());
        Tensor big = Tensor.of(new double[] {1000, -1000, 0}, 1, 3);
        double[] sm = new Softmax().forward(new Variable(big)).data().toDoubleArray();
        assertThat(sm).containsExactly(1, 0, 0);
        double[] lsm = new LogSoftmax().forward(new Variable(big)).data().toDoubleArray();
        assertThat(lsm[0]).isZero();
        assertThat(lsm[1]).isEqualTo(-2000);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }

    @Test
    void shapeLayers() {
        LayerGradCheck.check("flatten", Flatten::new, randn(4, 2, 3, 2, 2));
        Variable y = new Flatten().forward(new Variable(randn(4, 2, 3, 2, 2)));
        assertThat(y.shape()).containsExactly(2, 12);
        LayerGradCheck.check("reshape", () -> new Reshape(3, 2, 2), randn(4, 2, 12));
        assertThat(new Reshape(-1, 4).forward(new Variable(randn(1, 2, 12))).shape()).containsExactly(2, 3, 4);
        assertThatThrownBy(() -> new Reshape(5, 5).forward(new Variable(randn(1, 2, 12))))
                .hasMessageContaining("Reshape").hasMessageContaining("[2, 12]").hasMessageContaining("[5, 5]");
    }

    @Test
    void dropoutWithAFixedMaskAndEvalIdentity() {
        LayerGradCheck.check("dropout", () -> new Dropout(0.5, new Generator(9)), randn(5, 6, 7));
        Tensor ones = Tensor.ones(DType.FLOAT64, 1000);
        double[] y = new Dropout(0.25, new Generator(1)).forward(new Variable(ones)).data().toDoubleArray();
        int kept = 0;
        for (double v : y) {
            assertThat(v).isIn(0.0, 1 / 0.75);
            kept += v == 0 ? 0 : 1;
        }
        assertThat(kept).isBetween(700, 800);
        Dropout d = new Dropout(0.5, new Generator(1));
        d.eval();
        assertThat(d.forward(new Variable(ones)).data().toDoubleArray()).containsOnly(1.0);
    }

    @Test
    void batchNormTrainingGradientsIncludingParameters() {
        LayerGradCheck.check("batchnorm1d", () -> {
            BatchNorm1d bn = new BatchNorm1d(3);
            bn.namedParameters().get("weight").data().copyFrom(Tensor.of(new double[] {0.5, 2, -1}, 3));
            bn.namedParameters().get("bias").data().copyFrom(Tensor.of(new double[] {0.1, 0, 0.3}, 3));
            return bn;
        }, randn(6, 4, 3), 1e-6, 1e-5, 1e-6);
        LayerGradCheck.check("batchnorm1d [N,C,L]", () -> new BatchNorm1d(2), randn(6, 3, 2, 4), 1e-6, 1e-5, 1e-6);
        LayerGradCheck.check("batchnorm2d", () -> new BatchNorm2d(2), randn(7, 2, 2, 3, 3), 1e-6, 1e-5, 1e-6);
    }

    @Test
    void batchNormSecondOrderThroughComposition() {
        GradCheck.checkSecondOrder("batchnorm2d", xs -> new BatchNorm2d(2).to(DType.FLOAT64) instanceof BatchNorm2d b
                ? b.forward(xs[0]).square() : null, randn(8, 2, 2, 2, 2));
        GradCheck.checkSecondOrder("batchnorm1d then tanh", xs -> new Sequential(new BatchNorm1d(3), new Tanh())
                .forward(xs[0]), randn(9, 4, 3));
    }

    @Test
    void batchNormStatisticsRunningAveragesAndEval() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new float[] {1, 10, 3, 20, 5, 30}, 3, 2);
        Tensor y = bn.forward(new Variable(x)).data();
        // Column 0: mean 3, biased variance 8/3: (1-3)/sqrt(8/3 + 1e-5).
        assertThat(y.get(0, 0)).isCloseTo((float) (-2 / Math.sqrt(8.0 / 3 + 1e-5)), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(y.mean(0, false).toDoubleArray()).containsExactly(new double[] {0, 0}, org.assertj.core.data.Offset.offset(1e-6));
        // running_mean = 0.9*0 + 0.1*mean; running_var = 0.9*1 + 0.1*unbiased var (4 and 100).
        assertThat(bn.runningMean().toDoubleArray()).containsExactly(new double[] {0.3, 2.0}, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(bn.runningVar().toDoubleArray()).containsExactly(new double[] {1.3, 10.9}, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(bn.namedBuffers().get("num_batches_tracked").item()).isEqualTo(1);
        bn.eval();
        Tensor e = bn.forward(new Variable(Tensor.of(new float[] {0.3f, 2f}, 1, 2))).data();
        assertThat(e.toDoubleArray()).containsExactly(new double[] {0, 0}, org.assertj.core.data.Offset.offset(1e-6));
        Tensor e2 = bn.forward(new Variable(Tensor.of(new float[] {1.3f, 2f}, 1, 2))).data();
        assertThat(e2.get(0, 0)).isCloseTo((float) (1 / Math.sqrt(1.3 + 1e-5)), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(bn.runningMean().toDoubleArray()[0]).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(new Variable(Tensor.zeros(2, 4, 2, 2))))
                .hasMessageContaining("[2, 4, 2, 2]").hasMessageContaining("expected 3");
        assertThatThrownBy(() -> new BatchNorm1d(3).forward(new Variable(Tensor.zeros(1, 3))))
                .hasMessageContaining("more than one value per channel");
    }

    @Test
    void embeddingGradientSumsRepeatedRows() {
        Tensor labels = Tensor.of(new double[] {2, 0, 2}, 3);
        Embedding e = new Embedding(4, 3, new Generator(1));
        Variable rows = e.forward(new Variable(labels));
        assertThat(rows.shape()).containsExactly(3, 3);
        assertThat(rows.data().select(0, 1).toFloatArray()).containsExactly(e.weight().data().select(0, 0).toFloatArray());
        rows.sum().backward();
        assertThat(e.weight().grad().toDoubleArray()).containsExactly(1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0);
        assertThatThrownBy(() -> e.forward(new Variable(Tensor.of(new double[] {4}, 1)))).hasMessageContaining("[0, 4)");
        GradCheck.check("embedding", xs -> xs[0].gather(0, labels.reshape(3, 1).expand(3, 3)), randn(3, 4, 3));
    }
}
