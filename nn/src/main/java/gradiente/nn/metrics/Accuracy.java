package gradiente.nn.metrics;

import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;

/**
 * Classification accuracy (thesis 4.1, "Evaluación del clasificador"): the predicted class of a row of
 * scores {@code [N, K]} (logits or probabilities, the arg-max is the same since softmax is monotone) is
 * its arg-max; accuracy is the fraction of rows whose prediction equals the label.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** The arg-max of each row of {@code scores [N, K]}. */
    public static int[] predictions(Tensor scores) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException("accuracy: scores must be [N, K], got " + scores.shapeString());
        }
        return scores.argmax(1, false).toIntArray();
    }

    /** How many rows of {@code scores [N, K]} have their largest entry at {@code labels[i]}. */
    public static int correct(Tensor scores, int[] labels) {
        int[] p = predictions(scores);
        if (p.length != labels.length) {
            throw new IllegalArgumentException("accuracy: scores " + scores.shapeString() + " but " + labels.length + " labels");
        }
        int c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i] == labels[i] ? 1 : 0;
        }
        return c;
    }

    /** The fraction of rows of {@code scores [N, K]} classified as their label (NaN for no rows). */
    public static double of(Tensor scores, int[] labels) {
        return (double) correct(scores, labels) / labels.length;
    }

    /** {@link #of(Tensor, int[])} of a model's output. */
    public static double of(Variable scores, int[] labels) {
        return of(scores.data(), labels);
    }

    /** {@link #of(Tensor, int[])} with labels as a tensor of class indices {@code [N]}. */
    public static double of(Tensor scores, Tensor labels) {
        return of(scores, labels.toIntArray());
    }
}
