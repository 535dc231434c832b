package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Hyperbolic tangent (thesis 2.2): values in (-1, 1), keeps the sign of x. Any shape. */
public final class Tanh extends Layer {
    @Override
    public Variable forward(Variable x) {
        return x.tanh();
    }
}
