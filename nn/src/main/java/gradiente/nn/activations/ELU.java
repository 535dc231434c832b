package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Exponential linear unit: {@code x} for {@code x > 0}, else {@code alpha (e^x - 1)}. Any shape. */
public final class ELU extends Layer {
    private final double alpha;

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Variable forward(Variable x) {
        // exp only of min(x, 0) so that large positive inputs cannot overflow in the unused branch.
        Variable negative = x.clamp(Double.NEGATIVE_INFINITY, 0).exp().sub(1.0).mul(alpha);
        return Variable.where(x.data().gt(0.0), x, negative);
    }

    @Override
    protected String describe() {
        return "alpha=" + alpha;
    }
}
