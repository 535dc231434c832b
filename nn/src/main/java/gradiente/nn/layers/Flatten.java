package gradiente.nn.layers;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/**
 * Flattens dimensions {@code start..end} into one (default: all but the batch dimension), e.g.
 * {@code [N, 64, 5, 5] -> [N, 1600]} before the dense layers of the thesis CNN (4.1).
 */
public final class Flatten extends Layer {
    private final int start;
    private final int end;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int start, int end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public Variable forward(Variable x) {
        return x.flatten(start, end);
    }

    @Override
    protected String describe() {
        return "start=" + start + ", end=" + end;
    }
}
