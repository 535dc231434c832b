package gradiente.generative.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.Variable;
import gradiente.mnist.Dataset;
import gradiente.nn.Sequential;
import gradiente.nn.layers.Flatten;
import gradiente.nn.layers.Linear;
import gradiente.nn.metrics.Accuracy;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    void theThesisCnnHas140682ParametersLayerByLayer() {
        Sequential cnn = ClassifierKind.CNN.build(28, 28, 10, 0.25, new Generator(1), new Generator(2));
        assertThat(cnn).isInstanceOf(CnnClassifier.class);
        Map<String, Long> sizes = new LinkedHashMap<>();
        cnn.namedParameters().forEach((k, v) -> sizes.put(k, (long) v.data().numel()));
        assertThat(sizes).containsExactly(Map.entry("0.weight", 576L), Map.entry("0.bias", 64L),
                Map.entry("3.weight", 36_864L), Map.entry("3.bias", 64L), Map.entry("8.weight", 102_400L),
                Map.entry("8.bias", 64L), Map.entry("10.weight", 640L), Map.entry("10.bias", 10L));
        assertThat(cnn.numParameters()).isEqualTo(CnnClassifier.PARAMETERS).isEqualTo(140_682)
                .isNotEqualTo(CnnClassifier.THESIS_TEXT_PARAMETERS);
        assertThat(ClassifierKind.CNN.build(28, 28, 10, 0.25, 4, new Generator(1), new Generator(2)).numParameters())
                .isEqualTo(9 * 4 + 4 + 9 * 4 * 4 + 4 + 4 * 25 * 64 + 64 + 650);
    }

    @Test
    void theCnnMapsImagesToLogitsThroughItsPenultimateFeatures() {
        CnnClassifier cnn = new CnnClassifier(28, 28, 10, 4, 0.25, new Generator(3), new Generator(4));
        cnn.eval();
        Variable x = new Variable(Tensor.rand(new Generator(5), 3, 1, 28, 28));
        Variable features = cnn.features(x);
        assertThat(features.shape()).containsExactly(3, CnnClassifier.HIDDEN);
        assertThat(features.data().min().item()).as("after a ReLU").isGreaterThanOrEqualTo(0);
        Variable logits = cnn.forward(x);
        assertThat(logits.shape()).containsExactly(3, 10);
        assertThat(cnn.logitsFromFeatures(features).data().toFloatArray()).containsExactly(logits.data().toFloatArray());
        assertThatThrownBy(() -> new CnnClassifier(8, 8, 10, 4, 0.25, new Generator(1), new Generator(1)))
                .hasMessageContaining("8x8");
    }

    @Test
    void kindsParseByNameAndCarryTheThesisSettings() {
        assertThat(ClassifierKind.parse("cnn")).isEqualTo(ClassifierKind.CNN);
        assertThat(ClassifierKind.CNN.defaultBatch()).isEqualTo(128);
        assertThat(ClassifierKind.CNN.defaultEpochs()).isEqualTo(15);
        assertThat(ClassifierKind.CNN.defaultDropout()).isEqualTo(0.25);
        assertThat(ClassifierKind.CNN.defaultFilters()).isEqualTo(64);
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

    @Test
    void theOneCallAccuracyAgreesWithTheBatchedEvaluationAndTheTensorHelper() {
        Tensor images = Tensor.randn(new Generator(3), 1203, 1, 2, 2);
        int[] labels = new int[1203];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        Dataset data = new Dataset("blobs", images, labels, List.of("a", "b", "c"));
        Sequential model = new Sequential(new Flatten(), new Linear(4, 3, new Generator(9)));

        double viaTensor = Accuracy.of(model.forward(new Variable(images)), labels);
        assertThat(Evaluation.accuracy(model, data)).isEqualTo(viaTensor).isEqualTo(Evaluation.of(model, data, 7, Device.CPU).accuracy());
        assertThat(viaTensor).isBetween(0.0, 1.0);
        assertThat(Evaluation.of(model, data).predicted()).containsExactly(Accuracy.predictions(model.forward(new Variable(images)).data()));
    }
}
