package gradiente.generative.gan;

import gradiente.autograd.Profiler;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.Module;
import gradiente.tensor.Tensor;

/**
 * A generator {@code G(z)} (seed 002 3.1): latent vectors {@code z [N, latentDim]} to images
 * {@code [N, C, H, W]}. With {@code classes > 0} it is the conditional generator of thesis 3.3: the
 * class vector {@code c [N, classes]} (one-hot, or a mixture when interpolating between classes) is
 * joined to the noise, and the body sees {@code [z, c]} of width {@code latentDim + classes}.
 */
public final class GeneratorNet extends Module {
    /** The {@link Profiler} phase of the generator's forward pass (and, in the profile, of its backward rules). */
    public static final String PHASE = "G";
    private final Layer body;
    private final int latentDim;
    private final int classes;

    /** @param body maps {@code [N, latentDim + classes]} to images {@code [N, C, H, W]} */
    public GeneratorNet(Layer body, int latentDim, int classes) {
        if (latentDim < 1 || classes < 0) {
            throw new IllegalArgumentException("GeneratorNet: latentDim must be >= 1 and classes >= 0, got "
                    + latentDim + " and " + classes);
        }
        this.body = addModule("body", body);
        this.latentDim = latentDim;
        this.classes = classes;
    }

    public int latentDim() {
        return latentDim;
    }

    /** Number of classes of the condition, 0 for an unconditional generator. */
    public int classes() {
        return classes;
    }

    /**
     * Generates images.
     *
     * @param z         {@code [N, latentDim]}
     * @param condition {@code [N, classes]}, or null for an unconditional generator
     */
    public Variable forward(Variable z, Tensor condition) {
        if (z.rank() != 2 || z.size(1) != latentDim) {
            throw new IllegalArgumentException("GeneratorNet: z " + z.data().shapeString() + " must be [N, " + latentDim + "]");
        }
        try (var phase = Profiler.phase(PHASE)) {
            Variable in = Conditions.join(z, condition, classes, "GeneratorNet");
            return body.forward(in);
        }
    }

    /** Images for latent vectors without recording a graph, in evaluation mode, restoring the mode after. */
    public Tensor generate(Tensor z, Tensor condition) {
        boolean wasTraining = isTraining();
        eval();
        try (var scope = gradiente.autograd.GradMode.noGrad()) {
            return forward(new Variable(z), condition).data();
        } finally {
            train(wasTraining);
        }
    }

    @Override
    protected String describe() {
        return "latent=" + latentDim + ", classes=" + classes;
    }
}
