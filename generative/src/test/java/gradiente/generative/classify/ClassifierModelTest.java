package gradiente.generative.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.Variable;
import gradiente.nn.Sequential;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierModelTest {
    @Test
    void theThesisMlpHas118282ParametersAndMapsImagesToTenLogits() {
        Sequential mlp = ClassifierKind.MLP.build(28, 28, 10, 0.2, new Generator(1), new Generator(2));
        assertThat(mlp.numParameters()).isEqualTo(MlpClassifier.THESIS_PARAMETERS).isEqualTo(118_282);
        assertThat(mlp.namedParameters().keySet()).containsExactly("1.weight", "1.bias", "4.weight", "4.bias", "6.weight", "6.bias");
        Variable out = mlp.forward(new Variable(Tensor.zeros(3, 1, 28, 28)));
        assertThat(out.shape()).containsExactly(3, 10);
    }

    @Test
    void kindsParseByNameAndCarryTheThesisSettings() {
        assertThat(ClassifierKind.parse("MLP")).isEqualTo(ClassifierKind.MLP);
        assertThat(ClassifierKind.MLP.defaultBatch()).isEqualTo(512);
        assertThat(ClassifierKind.MLP.defaultEpochs()).isEqualTo(10);
        assertThatThrownBy(() -> ClassifierKind.parse("rnn")).hasMessageContaining("rnn").hasMessageContaining("mlp");
    }

    @Test
    void mistakesAreOrderedByConfidence() {
        Evaluation ev = new Evaluation(new int[] {0, 1, 2, 3, 4}, new int[] {0, 2, 1, 3, 0},
                new double[] {0.99, 0.6, 0.9, 0.8, 0.6}, 0.5, List.of("0", "1", "2", "3", "4"));
        assertThat(ev.accuracy()).isEqualTo(0.4);
        assertThat(ev.mostConfidentMistakes(10)).containsExactly(2, 1, 4);
        assertThat(ev.mostConfidentMistakes(1)).containsExactly(2);
        assertThat(ev.confusion().count(1, 2)).isEqualTo(1);
    }

    @Test
    void correctCountsArgmaxHits() {
        Tensor logits = Tensor.of(new float[] {1, 3, 2, 5, 0, 0}, 3, 2);
        assertThat(ClassifierStep.correct(logits, new int[] {1, 1, 1})).isEqualTo(2); // the tie in row 2 goes to class 0;
    }
}
