package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Log-softmax along a dimension, {@code x_i - log sum_j e^x_j}, stable; pair it with the NLL loss. */
public final class LogSoftmax extends Layer {
    private final int dim;

    /** Over the last dimension (the classes of {@code [N, K]} logits). */
    public LogSoftmax() {
        this(-1);
    }

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable x) {
        return x.logSoftmax(dim);
    }

    @Override
    protected String describe() {
        return "dim=" + dim;
    }
}
