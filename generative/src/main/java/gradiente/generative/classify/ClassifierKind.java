package gradiente.generative.classify;

import gradiente.nn.Sequential;
import gradiente.tensor.Generator;
import java.util.Arrays;
import java.util.Locale;

/**
 * The classifiers of thesis section 4.1 with their training settings: Adam with Keras' default step
 * 0.001; the MLP with batch 512 for 10 epochs, the CNN with batch 128 for 15 epochs. The CNN's filter
 * count is a setting ({@link #defaultFilters()}, 64) so that tests can train a narrow copy quickly;
 * the MLP has none.
 */
public enum ClassifierKind {
    /** {@link MlpClassifier}: 784-128-128-10. */
    MLP("mlp", 10, 512, MlpClassifier.DEFAULT_DROPOUT, 0) {
        @Override
        public Sequential build(int height, int width, int classes, double dropout, int filters, Generator weights,
                Generator masks) {
            return new MlpClassifier(height * width, classes, dropout, weights, masks);
        }
    },
    /** {@link CnnClassifier}: two 3x3 convolutions with max pooling, dense 64, dense 10. */
    CNN("cnn", 15, 128, CnnClassifier.DEFAULT_DROPOUT, CnnClassifier.DEFAULT_FILTERS) {
        @Override
        public Sequential build(int height, int width, int classes, double dropout, int filters, Generator weights,
                Generator masks) {
            return new CnnClassifier(height, width, classes, filters, dropout, weights, masks);
        }
    };

    private final String id;
    private final int epochs;
    private final int batch;
    private final double dropout;
    private final int filters;

    ClassifierKind(String id, int epochs, int batch, double dropout, int filters) {
        this.id = id;
        this.epochs = epochs;
        this.batch = batch;
        this.dropout = dropout;
        this.filters = filters;
    }

    /**
     * Builds a fresh network for single-channel {@code height x width} images.
     *
     * @param filters filters per convolution (ignored by models without convolutions)
     */
    public abstract Sequential build(int height, int width, int classes, double dropout, int filters, Generator weights,
            Generator masks);

    /** Builds a fresh network with the default number of filters. */
    public Sequential build(int height, int width, int classes, double dropout, Generator weights, Generator masks) {
        return build(height, width, classes, dropout, filters, weights, masks);
    }

    /** Filters per convolution by default; 0 for a model without convolutions. */
    public int defaultFilters() {
        return filters;
    }

    /** The command-line name ({@code mlp}, {@code cnn}). */
    public String id() {
        return id;
    }

    /** The thesis' number of epochs. */
    public int defaultEpochs() {
        return epochs;
    }

    /** The thesis' batch size. */
    public int defaultBatch() {
        return batch;
    }

    /** The dropout probability used by default. */
    public double defaultDropout() {
        return dropout;
    }

    /** Adam's step size (Keras' default, which the thesis keeps). */
    public double defaultLearningRate() {
        return 0.001;
    }

    /** The kind named {@code text} (case-insensitive). */
    public static ClassifierKind parse(String text) {
        for (ClassifierKind k : values()) {
            if (k.id.equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + text + "'; expected one of "
                + Arrays.stream(values()).map(ClassifierKind::id).toList());
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
