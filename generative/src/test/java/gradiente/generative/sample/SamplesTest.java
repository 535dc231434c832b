package gradiente.generative.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.Scaling;
import gradiente.mnist.idx.IdxImages;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Generated images quantised to IDX bytes in either pixel range. */
class SamplesTest {
    @Test
    void quantisesEachRangeToBytesRoundingAndClamping() {
        Tensor zeroOne = Tensor.of(new float[] {0f, 1f, 0.5f, -0.2f, 1.3f, 0.1f}, 1, 1, 2, 3);
        IdxImages a = Samples.toBytes(zeroOne, Scaling.ZERO_ONE);
        assertThat(a.count()).isEqualTo(1);
        assertThat(a.rows()).isEqualTo(2);
        assertThat(a.cols()).isEqualTo(3);
        assertThat(new int[] {a.pixel(0, 0, 0), a.pixel(0, 0, 1), a.pixel(0, 0, 2), a.pixel(0, 1, 0), a.pixel(0, 1, 1),
                a.pixel(0, 1, 2)}).containsExactly(0, 255, 128, 0, 255, 26);
        Tensor tanh = Tensor.of(new float[] {-1f, 1f, 0f, 0.5f}, 2, 1, 1, 2);
        IdxImages b = Samples.toBytes(tanh, Scaling.MINUS_ONE_ONE);
        assertThat(new int[] {b.pixel(0, 0, 0), b.pixel(0, 0, 1), b.pixel(1, 0, 0), b.pixel(1, 0, 1)})
                .containsExactly(0, 255, 128, 191);
    }

    @Test
    void refusesColourImages() {
        assertThatThrownBy(() -> Samples.toBytes(Tensor.zeros(1, 3, 2, 2), Scaling.ZERO_ONE)).hasMessageContaining("[1, 3, 2, 2]");
    }
}
