package gradiente.nn.activations;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Leaky ReLU (thesis 2.2): {@code x} for {@code x > 0}, else {@code a x} (the thesis uses a = 0.05, DCGAN 0.2). */
public final class LeakyReLU extends Layer {
    private final double slope;

    public LeakyReLU(double slope) {
        this.slope = slope;
    }

    @Override
    public Variable forward(Variable x) {
        return x.leakyRelu(slope);
    }

    @Override
    protected String describe() {
        return "slope=" + slope;
    }
}
