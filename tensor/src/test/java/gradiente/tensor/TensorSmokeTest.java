package gradiente.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorSmokeTest {
    @Test
    void broadcastAddAndSum() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {10, 20, 30}, 3);
        assertThat(a.add(b).toDoubleArray()).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(a.sum(0).toDoubleArray()).containsExactly(5, 7, 9);
        assertThat(a.t().contiguous().toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(a.matmul(a.t()).toDoubleArray()).containsExactly(14, 32, 32, 77);
    }

    @Test
    void matmulShapeErrorNamesShapes() {
        Tensor a = Tensor.zeros(8, 3);
        Tensor b = Tensor.zeros(4, 5);
        assertThatThrownBy(() -> a.matmul(b)).hasMessage("matmul: [8, 3] @ [4, 5]: inner dimensions 3 and 4 differ");
    }
}
