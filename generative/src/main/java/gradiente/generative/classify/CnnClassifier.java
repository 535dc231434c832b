package gradiente.generative.classify;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.Sequential;
import gradiente.nn.activations.ReLU;
import gradiente.nn.layers.Conv2d;
import gradiente.nn.layers.Dropout;
import gradiente.nn.layers.Flatten;
import gradiente.nn.layers.Linear;
import gradiente.nn.layers.Pool2d;
import gradiente.tensor.Generator;

/**
 * The convolutional digit classifier of thesis section 4.1 (figure 67):
 * <pre>
 *   [N,1,28,28] -Conv 64 3x3-> [N,64,26,26] -ReLU-> -MaxPool 2-> [N,64,13,13]
 *               -Conv 64 3x3-> [N,64,11,11] -ReLU-> -MaxPool 2-> [N,64,5,5]
 *               -Dropout(0.25)-> -Flatten-> [N,1600] -Linear-> [N,64] -ReLU-> -Linear-> [N,10]
 * </pre>
 * Convolutions are "valid" (no padding, stride 1); pooling windows do not overlap and drop the odd
 * last row and column ({@code floor(11/2) = 5}), as Keras' {@code MaxPooling2D} does. The outputs are
 * logits: the softmax is folded into the categorical cross-entropy.
 *
 * <p>Parameters: {@code 9*64+64 = 640}, {@code 9*64*64+64 = 36,928}, {@code 1600*64+64 = 102,464},
 * {@code 64*10+10 = 650}; {@value #PARAMETERS} in all. The thesis text states 280,010, which the
 * layers it lists do not give under any reading of them: with "same" padding in both convolutions
 * the flattened size is {@code 64*7*7 = 3136} and the total 238,986; with "same" padding in one of the
 * two it is 185,738. The count here follows the listed layers.
 *
 * <p>{@link #features} exposes the output of the {@code Dense 64} layer after its ReLU (the
 * penultimate layer), used as the feature space of the MNIST FID.
 * <p>Weights start as Keras starts them ({@link KerasInit}: Glorot uniform kernels, zero biases).
 */
public final class CnnClassifier extends Sequential {
    /** Trainable parameters of the 28x28, 10-class network with 64 filters (the layers of thesis 4.1). */
    public static final long PARAMETERS = 140_682;
    /** The figure the thesis text gives, which its listed layers do not produce (see the class comment). */
    public static final long THESIS_TEXT_PARAMETERS = 280_010;
    /** Filters of each convolution. */
    public static final int DEFAULT_FILTERS = 64;
    /** Units of the penultimate dense layer. */
    public static final int HIDDEN = 64;
    /** Dropout probability after the second pooling. */
    public static final double DEFAULT_DROPOUT = 0.25;
    /** Index of the ReLU after the dense 64 layer, whose output {@link #features} returns. */
    static final int FEATURE_LAYER = 9;

    private final int filters;
    private final int classes;
    private final int height;
    private final int width;

    /**
     * @param height  image height (28 for MNIST)
     * @param width   image width
     * @param classes number of outputs
     * @param filters filters of each convolution (64 in the thesis; smaller for quick tests)
     * @param dropout dropout probability before the flatten
     * @param weights generator of the initial weights
     * @param masks   generator of the dropout masks (checkpointed, so resumed runs draw the same masks)
     */
    public CnnClassifier(int height, int width, int classes, int filters, double dropout, Generator weights, Generator masks) {
        int h = (height - 2) / 2;
        h = (h - 2) / 2;
        int w = (width - 2) / 2;
        w = (w - 2) / 2;
        if (h < 1 || w < 1 || filters < 1) {
            throw new IllegalArgumentException("CnnClassifier: images " + height + "x" + width + " are too small for two"
                    + " 3x3 convolutions and two 2x2 poolings (need at least 10x10), or filters=" + filters + " < 1");
        }
        this.filters = filters;
        this.classes = classes;
        this.height = height;
        this.width = width;
        add(new Conv2d(1, filters, 3, weights));
        add(new ReLU());
        add(Pool2d.max(2));
        add(new Conv2d(filters, filters, 3, weights));
        add(new ReLU());
        add(Pool2d.max(2));
        add(new Dropout(dropout, masks));
        add(new Flatten());
        add(new Linear(filters * h * w, HIDDEN, weights));
        add(new ReLU());
        add(new Linear(HIDDEN, classes, weights));
        KerasInit.apply(this, weights);
    }

    /** Filters of each convolution. */
    public int filters() {
        return filters;
    }

    /** Image height the network reads. */
    public int height() {
        return height;
    }

    /** Image width the network reads. */
    public int width() {
        return width;
    }

    /** Number of outputs. */
    public int classes() {
        return classes;
    }

    /** The penultimate activations {@code [N, 64]} (after the dense layer's ReLU) for images {@code [N,1,H,W]}. */
    public Variable features(Variable images) {
        Variable x = images;
        for (int i = 0; i <= FEATURE_LAYER; i++) {
            x = get(i).forward(x);
        }
        return x;
    }

    /** The logits {@code [N, classes]} from penultimate features {@code [N, 64]}. */
    public Variable logitsFromFeatures(Variable features) {
        Variable x = features;
        for (int i = FEATURE_LAYER + 1; i < size(); i++) {
            Layer l = get(i);
            x = l.forward(x);
        }
        return x;
    }
}
