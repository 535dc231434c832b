package gradiente.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToIntArrayTest {
    @Test
    void classIndicesOfANonContiguousViewComeBackAsIntsInRowMajorOrder() {
        Tensor scores = Tensor.of(new float[] {0.1f, 0.9f, 0.0f, 0.7f, 0.2f, 0.1f, 0.3f, 0.3f, 0.4f}, 3, 3);
        assertThat(scores.argmax(1, false).toIntArray()).containsExactly(1, 0, 2);
        Tensor t = Tensor.of(new double[] {1, 2, 3, -4, 5, 6}, 2, 3).transpose(0, 1);
        assertThat(t.toIntArray()).containsExactly(1, -4, 2, 5, 3, 6);
    }

    @Test
    void aFractionOrAnOutOfRangeValueIsNamed() {
        assertThatThrownBy(() -> Tensor.of(new double[] {1, 2.5}, 2).toIntArray())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("toIntArray: element 1 of tensor [2] is 2.5, not an integer in the int range");
        assertThatThrownBy(() -> Tensor.of(new double[] {3e9}, 1).toIntArray()).hasMessageContaining("element 0");
    }
}
