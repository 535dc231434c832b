package gradiente.generative.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Thesis figures 55-56: latent interpolation paths. */
class LatentTest {
    private static double norm(Tensor row) {
        double s = 0;
        for (double v : row.toDoubleArray()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void sphericalPathStartsAndEndsAtTheEndPointsAndKeepsTheNormOfEqualNormVectors() {
        Tensor a = Tensor.of(new double[] {3, 0, 0}, 1, 3);
        Tensor b = Tensor.of(new double[] {0, 0, 3}, 1, 3);
        Tensor p = Latent.spherical(a, b, 5);
        assertThat(p.shape()).containsExactly(5, 3);
        assertThat(p.narrow(0, 0, 1).toDoubleArray()).containsExactly(new double[] {3, 0, 0}, within(1e-12));
        assertThat(p.narrow(0, 4, 1).toDoubleArray()).containsExactly(new double[] {0, 0, 3}, within(1e-12));
        for (int i = 0; i < 5; i++) {
            assertThat(norm(p.narrow(0, i, 1))).isCloseTo(3, within(1e-12));
        }
        // The linear path cuts the corner: its midpoint is shorter.
        assertThat(norm(Latent.linear(a, b, 5).narrow(0, 2, 1))).isCloseTo(3 / Math.sqrt(2), within(1e-12));
    }

    @Test
    void sphericalFallsBackToLinearForParallelVectors() {
        Tensor a = Tensor.randn(new Generator(1), DType.FLOAT64, 1, 8);
        Tensor b = a.mul(2);
        assertThat(Latent.spherical(a, b, 3).toDoubleArray()).containsExactly(Latent.linear(a, b, 3).toDoubleArray(), within(1e-12));
    }
}
