package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Softmax along a dimension (thesis 4.1 output layer): {@code e^x_i / sum_j e^x_j}, computed with the max subtracted. */
public final class Softmax extends Layer {
    private final int dim;

    /** Over the last dimension (the classes of {@code [N, K]} logits). */
    public Softmax() {
        this(-1);
    }

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable x) {
        return x.softmax(dim);
    }

    @Override
    protected String describe() {
        return "dim=" + dim;
    }
}
