package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** ReLU (thesis 2.2): {@code g(x) = max(0, x)}; the derivative at 0 is taken as 0. Any shape. */
public final class ReLU extends Layer {
    @Override
    public Variable forward(Variable x) {
        return x.relu();
    }
}
