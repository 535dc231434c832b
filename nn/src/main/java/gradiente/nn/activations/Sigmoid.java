package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Sigmoid (thesis 2.2): {@code 1 / (1 + e^-x)}, values in (0, 1). Any shape. */
public final class Sigmoid extends Layer {
    @Override
    public Variable forward(Variable x) {
        return x.sigmoid();
    }
}
