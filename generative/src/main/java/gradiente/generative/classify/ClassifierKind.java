package gradiente.generative.classify;

import gradiente.nn.Sequential;
import gradiente.tensor.Generator;
import java.util.Arrays;
import java.util.Locale;

/**
 * The classifiers of thesis section 4.1 with their training settings: Adam with Keras' default step
 * 0.001; the MLP with batch 512 for 10 epochs, the CNN with batch 128 for 15 epochs.
 */
public enum ClassifierKind {
    /** {@link MlpClassifier}: 784-128-128-10. */
    MLP("mlp", 10, 512, MlpClassifier.DEFAULT_DROPOUT) {
        @Override
        public Sequential build(int height, int width, int classes, double dropout, Generator weights, Generator masks) {
            return new MlpClassifier(height * width, classes, dropout, weights, masks);
        }
    };

    private final String id;
    private final int epochs;
    private final int batch;
    private final double dropout;

    ClassifierKind(String id, int epochs, int batch, double dropout) {
        this.id = id;
        this.epochs = epochs;
        this.batch = batch;
        this.dropout = dropout;
    }

    /** Builds a fresh network for single-channel {@code height x width} images. */
    public abstract Sequential build(int height, int width, int classes, double dropout, Generator weights, Generator masks);

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
