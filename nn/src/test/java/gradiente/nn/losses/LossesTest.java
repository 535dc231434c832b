package gradiente.nn.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import gradiente.autograd.GradCheck;
import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    private static Tensor probs(long seed, int... shape) {
        return Tensor.uniform(new Generator(seed), 0.05, 0.95, DType.FLOAT64, shape);
    }

    private static final Tensor LABELS = Tensor.of(new double[] {2, 0, 1, 2}, 4);

    @Test
    void gradientsOfEveryLossAndReduction() {
        Tensor t = probs(2, 4, 3);
        for (Reduction r : Reduction.values()) {
            GradCheck.check("mse " + r, xs -> Losses.mse(xs[0], xs[1], r), randn(1, 4, 3), randn(3, 4, 3));
            GradCheck.check("l1 " + r, xs -> Losses.l1(xs[0], new Variable(t), r), randn(1, 4, 3));
            GradCheck.check("bce " + r, xs -> Losses.bce(xs[0], xs[1], r), probs(1, 4, 3), t);
            GradCheck.check("bceWithLogits " + r, xs -> Losses.bceWithLogits(xs[0], xs[1], r), randn(1, 4, 3), t);
            GradCheck.check("crossEntropy " + r, xs -> Losses.crossEntropy(xs[0], LABELS, r), randn(4, 4, 3));
            GradCheck.check("crossEntropy soft " + r, xs -> Losses.crossEntropy(xs[0], xs[1], r), randn(4, 4, 3),
                    probs(5, 4, 3));
            GradCheck.check("nll " + r, xs -> Losses.nll(xs[0], LABELS, r), randn(6, 4, 3));
            GradCheck.check("gaussianKl " + r, xs -> Losses.gaussianKl(xs[0], xs[1], r), randn(7, 4, 2), randn(8, 4, 2));
        }
        GradCheck.check("wasserstein critic", xs -> Losses.wassersteinCritic(xs[0], xs[1]), randn(1, 5, 1), randn(2, 3, 1));
        GradCheck.check("wasserstein generator", xs -> Losses.wassersteinGenerator(xs[0]), randn(1, 5, 1));
        GradCheck.checkSecondOrder("bceWithLogits", xs -> Losses.bceWithLogits(xs[0], new Variable(t), Reduction.SUM),
                randn(1, 4, 3));
        GradCheck.checkSecondOrder("crossEntropy", xs -> Losses.crossEntropy(xs[0], LABELS, Reduction.MEAN), randn(4, 4, 3));
    }

    @Test
    void valuesMatchTheFormulas() {
        Variable p = new Variable(Tensor.of(new double[] {0.8, 0.3}, 2));
        Variable t = new Variable(Tensor.of(new double[] {1, 0}, 2));
        assertThat(Losses.bce(p, t, Reduction.MEAN).item()).isCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, offset(1e-12));
        assertThat(Losses.bce(p, t, Reduction.SUM).item()).isCloseTo(-(Math.log(0.8) + Math.log(0.7)), offset(1e-12));
        assertThat(Losses.mse(p, t, Reduction.MEAN).item()).isCloseTo((0.04 + 0.09) / 2, offset(1e-12));
        assertThat(Losses.l1(p, t, Reduction.NONE).data().toDoubleArray()).containsExactly(new double[] {0.2, 0.3},
                offset(1e-12));
        Variable logits = new Variable(Tensor.of(new double[] {1, 2, 3}, 1, 3));
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertThat(Losses.crossEntropy(logits, Tensor.of(new double[] {0}, 1), Reduction.MEAN).item())
                .isCloseTo(lse - 1, offset(1e-12));
        // KL of N(mu, sigma^2) from N(0, 1) per dimension: (sigma^2 + mu^2 - 1 - ln sigma^2) / 2.
        Variable mu = new Variable(Tensor.of(new double[] {0.5, -1}, 1, 2));
        Variable logVar = new Variable(Tensor.of(new double[] {Math.log(2), 0}, 1, 2));
        double expected = (2 + 0.25 - 1 - Math.log(2)) / 2 + (1 + 1 - 1 - 0) / 2.0;
        assertThat(Losses.gaussianKl(mu, logVar, Reduction.MEAN).item()).isCloseTo(expected, offset(1e-12));
        assertThat(Losses.wassersteinCritic(new Variable(Tensor.of(new double[] {3, 5}, 2)),
                new Variable(Tensor.of(new double[] {1}, 1))).item()).isEqualTo(-3);
    }

    @Test
    void stableForExtremeInputs() {
        Variable z = new Variable(Tensor.of(new float[] {1000, -1000, 80}, 3));
        Variable t = new Variable(Tensor.of(new float[] {0, 1, 1}, 3));
        double[] l = Losses.bceWithLogits(z, t, Reduction.NONE).data().toDoubleArray();
        assertThat(l[0]).isCloseTo(1000, offset(1e-3));
        assertThat(l[1]).isCloseTo(1000, offset(1e-3));
        assertThat(l[2]).isCloseTo(0, offset(1e-6));
        Variable p = new Variable(Tensor.of(new float[] {0, 1}, 2));
        Variable wrong = new Variable(Tensor.of(new float[] {1, 0}, 2));
        double bce = Losses.bce(p, wrong, Reduction.MEAN).item();
        assertThat(bce).isFinite().isCloseTo(-Math.log(Losses.BCE_EPS), offset(1e-3));
        Variable logits = new Variable(Tensor.of(new float[] {1e4f, 0, -1e4f}, 1, 3));
        assertThat(Losses.crossEntropy(logits, Tensor.of(new float[] {2}, 1), Reduction.MEAN).item())
                .isCloseTo(2e4, offset(1.0));
    }

    @Test
    void errorsNameTheOpAndShapes() {
        assertThatThrownBy(() -> Losses.mse(new Variable(Tensor.zeros(2, 3)), new Variable(Tensor.zeros(3, 2)), Reduction.MEAN))
                .hasMessageContaining("mse").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> Losses.crossEntropy(new Variable(Tensor.zeros(2, 3)), Tensor.of(new float[] {0, 3}, 2),
                Reduction.MEAN)).hasMessageContaining("label 3.0 of sample 1");
        assertThatThrownBy(() -> Losses.crossEntropy(new Variable(Tensor.zeros(2, 3)), Tensor.of(new float[] {0}, 1),
                Reduction.MEAN)).hasMessageContaining("[1]").hasMessageContaining("[2, 3]");
    }
}
