package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Softplus {@code ln(1 + e^x)}, a smooth ReLU (computed stably for large |x|). Any shape. */
public final class Softplus extends Layer {
    @Override
    public Variable forward(Variable x) {
        return x.softplus();
    }
}
