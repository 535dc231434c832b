package gradiente.nn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    private static final Tensor SCORES = Tensor.of(new float[] {
        2f, 1f, 0f,
        0f, 3f, 1f,
        0.5f, 0.1f, 0.9f,
        1f, 1f, 0f}, 4, 3);

    @Test
    void predictionsAreRowArgMaxesAndTiesGoToTheFirstClass() {
        assertThat(Accuracy.predictions(SCORES)).containsExactly(0, 1, 2, 0);
        assertThat(Accuracy.correct(SCORES, new int[] {0, 1, 0, 1})).isEqualTo(2);
        assertThat(Accuracy.of(SCORES, new int[] {0, 1, 2, 0})).isEqualTo(1.0);
        assertThat(Accuracy.of(SCORES, Tensor.of(new double[] {0, 2, 2, 1}, 4))).isEqualTo(0.5);
    }

    @Test
    void shapeMismatchesAreNamed() {
        assertThatThrownBy(() -> Accuracy.of(SCORES, new int[] {0, 1})).hasMessage("accuracy: scores [4, 3] but 2 labels");
        assertThatThrownBy(() -> Accuracy.of(SCORES.reshape(12), new int[12])).hasMessage("accuracy: scores must be [N, K], got [12]");
    }
}
