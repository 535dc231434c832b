package gradiente.generative.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
    @Test
    void identicalMomentsGiveZero() {
        Tensor f = Tensor.randn(new Generator(1), DType.FLOAT64, 500, 6);
        Tensor[] m = FrechetDistance.moments(f);
        assertThat(FrechetDistance.fromMoments(m[0], m[1], m[0], m[1])).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void diagonalCovariancesMatchTheClosedForm() {
        // For diagonal S1, S2: d^2 = |mu1-mu2|^2 + sum_i (sqrt(s1_i) - sqrt(s2_i))^2.
        double[] s1 = {1, 4, 9};
        double[] s2 = {4, 1, 16};
        Tensor mu1 = Tensor.of(new double[] {0, 1, 2}, 3);
        Tensor mu2 = Tensor.of(new double[] {1, 1, 0}, 3);
        double expected = 1 + 0 + 4;
        for (int i = 0; i < 3; i++) {
            expected += Math.pow(Math.sqrt(s1[i]) - Math.sqrt(s2[i]), 2);
        }
        double d = FrechetDistance.fromMoments(mu1, diag(s1), mu2, diag(s2));
        assertThat(d).isCloseTo(expected, within(1e-9));
    }

    @Test
    void rotatedCovarianceIsHandled() {
        // S1 = R diag(1, 9) R^T with a 30 degree rotation, S2 = I: Tr(S1) + Tr(S2) - 2 Tr(sqrt(S1)) = 10 + 2 - 2*(1+3) = 4.
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        double[] r = {c, -s, s, c};
        Tensor rot = Tensor.of(r, 2, 2);
        Tensor s1 = rot.matmul(diag(new double[] {1, 9})).matmul(rot.t());
        Tensor zero = Tensor.of(new double[] {0, 0}, 2);
        assertThat(FrechetDistance.fromMoments(zero, s1, zero, diag(new double[] {1, 1}))).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void sqrtOfPsdSquaresBack() {
        Tensor a = Tensor.randn(new Generator(2), DType.FLOAT64, 5, 5);
        Tensor spd = a.matmul(a.t());
        double[] root = FrechetDistance.sqrtPsd(spd.toDoubleArray(), 5);
        Tensor r = Tensor.of(root, 5, 5);
        assertThat(r.matmul(r).allClose(spd, 1e-8, 1e-10)).isTrue();
    }

    @Test
    void histogramAlarm() {
        ClassHistogram balanced = new ClassHistogram(new int[] {10, 11, 9, 10, 10, 10, 10, 10, 10, 10}, 0.9);
        ClassHistogram collapsed = new ClassHistogram(new int[] {0, 0, 0, 100, 0, 0, 0, 0, 0, 0}, 0.99);
        assertThat(balanced.modeCollapse(0.05, 0.2)).isFalse();
        assertThat(collapsed.modeCollapse(0.05, 0.2)).isTrue();
        assertThat(collapsed.render(0.05, 0.2)).contains("class 3:   100 (100.0%)").contains("RAISED");
    }

    private static Tensor diag(double[] d) {
        double[] m = new double[d.length * d.length];
        for (int i = 0; i < d.length; i++) {
            m[i * d.length + i] = d[i];
        }
        return Tensor.of(m, d.length, d.length);
    }
}
