package gradiente.nn.layers;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * Dropout (thesis 2.4, Srivastava et al. 2014), inverted form: in training each element is kept with
 * probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}, so that evaluation (where the layer is
 * the identity) needs no rescaling. The mask is a constant of the graph, drawn from the given
 * generator (whose state checkpoints save, so a resumed run draws the same masks). Any shape.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Generator gen;
    private java.util.function.Consumer<Tensor> maskObserver;

    /** Masks drawn from the default generator sequence ({@link Generator#nextDefault}: seed 0, deterministic by construction order). */
    public Dropout(double p) {
        this(p, Generator.nextDefault());
    }

    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor mask = Tensor.bernoulli(gen, 1 - p, x.data().dtype(), x.shape()).mul(1.0 / (1 - p));
        if (maskObserver != null) {
            maskObserver.accept(mask);
        }
        return x.mul(new Variable(mask.to(x.data().device())));
    }

    /**
     * Hands every mask drawn from now on (the scaled tensor, {@code 0} or {@code 1 / (1 - p)}, on the host,
     * not to be modified) to {@code observer}, or stops with null: how a run is recorded for replay in
     * another engine ({@code LockstepRecorder}). Draws nothing and changes no result.
     */
    public Dropout observeMasks(java.util.function.Consumer<Tensor> observer) {
        this.maskObserver = observer;
        return this;
    }

    @Override
    protected String describe() {
        return "p=" + p;
    }
}
