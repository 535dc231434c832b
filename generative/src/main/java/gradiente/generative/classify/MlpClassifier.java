package gradiente.generative.classify;

import gradiente.nn.Sequential;
import gradiente.nn.activations.ReLU;
import gradiente.nn.layers.Dropout;
import gradiente.nn.layers.Flatten;
import gradiente.nn.layers.Linear;
import gradiente.tensor.Generator;

/**
 * The dense digit classifier of thesis section 4.1 (figure 66): two hidden layers of 128 units with
 * ReLU, a dropout layer between them, and 10 outputs.
 * <pre>
 *   [N,1,28,28] -flatten-> [N,784] -Linear-> [N,128] -ReLU-> -Dropout(p)-> -Linear-> [N,128] -ReLU-> -Linear-> [N,10]
 * </pre>
 * The outputs are logits: the softmax of the thesis' output layer is folded into the categorical
 * cross-entropy (a log-softmax, which is stable) and applied explicitly only to report probabilities.
 * Parameters: {@code 784*128+128 + 128*128+128 + 128*10+10 = 118,282}, as the thesis reports. The thesis
 * does not give the dropout rate; it says rates between 20% and 50% are usual (section 2.4), and the
 * default here is the low end, 0.2. Weights start as Keras starts them ({@link KerasInit}: Glorot
 * uniform, zero biases), since the thesis' models were Keras models.
 */
public final class MlpClassifier extends Sequential {
    /** Trainable parameters of the 28x28, 10-class network (thesis 4.1). */
    public static final long THESIS_PARAMETERS = 118_282;
    /** Default dropout probability. */
    public static final double DEFAULT_DROPOUT = 0.2;

    /**
     * @param pixels  input size {@code H * W} (784 for MNIST)
     * @param classes number of outputs
     * @param dropout dropout probability between the hidden layers
     * @param weights generator of the initial weights
     * @param masks   generator of the dropout masks (checkpointed, so resumed runs draw the same masks)
     */
    public MlpClassifier(int pixels, int classes, double dropout, Generator weights, Generator masks) {
        add(new Flatten());
        add(new Linear(pixels, 128, weights));
        add(new ReLU());
        add(new Dropout(dropout, masks));
        add(new Linear(128, 128, weights));
        add(new ReLU());
        add(new Linear(128, classes, weights));
        KerasInit.apply(this, weights);
    }
}
