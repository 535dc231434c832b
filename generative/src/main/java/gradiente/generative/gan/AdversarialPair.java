package gradiente.generative.gan;

import gradiente.autograd.Autograd;
import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.List;

/**
 * What every adversarial trainer shares: the two networks, their optimisers, the noise source, and
 * the two moves of thesis Algorithm 1 that do not depend on the loss: drawing generated images (lines
 * 11-12) and updating only the generator's parameters through a frozen discriminator (line 18).
 */
public abstract class AdversarialPair implements AdversarialTrainer {
    private final GeneratorNet generator;
    private final DiscriminatorNet discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final Generator noise;
    private StepObserver observer;

    /**
     * What one step consumed and computed, for recording a run so that another engine can replay it
     * update for update ({@code gradiente.generative.recipes.LockstepRecorder}). Callbacks come in the
     * step's order; tensors are live (copy what is kept). Observing draws no random numbers and changes
     * no result.
     */
    public interface StepObserver {
        /** The real images of the step (D's first half). */
        default void real(Tensor real) {
        }

        /** Latent vectors drawn for generated images: {@code recorded} false for D's half, true for G's step. */
        default void latent(Tensor z, boolean recorded) {
        }

        /**
         * The gradients of {@code net} ("discriminator" or "generator") are in its parameters and its optimiser
         * is about to step.
         */
        default void gradients(String net, java.util.Map<String, Variable> params) {
        }
    }

    /** Installs (or, with null, removes) the step observer. */
    public final void observe(StepObserver o) {
        this.observer = o;
    }

    /** The installed observer, or null. */
    protected final StepObserver observer() {
        return observer;
    }

    /** A batch of generated images with the latent vectors and conditions that produced them. */
    public record Fakes(Variable images, Tensor z, Tensor condition) {
    }

    protected AdversarialPair(GeneratorNet generator, DiscriminatorNet discriminator, Optimizer generatorOptimizer,
                              Optimizer discriminatorOptimizer, Generator noise) {
        if (generator.classes() != discriminator.classes()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": generator has " + generator.classes()
                    + " classes but discriminator " + discriminator.classes());
        }
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.noise = noise;
    }

    @Override
    public final GeneratorNet generator() {
        return generator;
    }

    @Override
    public final DiscriminatorNet discriminator() {
        return discriminator;
    }

    public final Optimizer generatorOptimizer() {
        return generatorOptimizer;
    }

    public final Optimizer discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    /** The random source of latent vectors, generated classes and penalty interpolation weights. */
    public final Generator noise() {
        return noise;
    }

    /** Whether the pair is conditioned on classes. */
    public final boolean conditional() {
        return generator.classes() > 0;
    }

    /** The one-hot condition of the labels, or null for an unconditional pair. */
    protected final Tensor condition(int[] labels, Tensor like) {
        if (!conditional()) {
            return null;
        }
        if (labels == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a conditional model needs the labels of the real batch");
        }
        return Conditions.oneHot(labels, generator.classes(), like);
    }

    /**
     * {@code n} generated images {@code G(z)} with {@code z ~ N(0, I)} and uniformly drawn classes;
     * recorded in the graph only when {@code record} (the generator update), constants otherwise.
     */
    protected final Fakes drawFakes(int n, Tensor like, boolean record) {
        Tensor c = conditional() ? condition(Conditions.randomLabels(noise, n, generator.classes()), like) : null;
        return drawFakes(n, like, record, c);
    }

    /** Like {@link #drawFakes(int, Tensor, boolean)} with given classes ({@code [n, classes]}, null when unconditional). */
    protected final Fakes drawFakes(int n, Tensor like, boolean record, Tensor c) {
        Tensor z = Latent.sample(noise, n, generator.latentDim(), like.dtype(), like.device());
        if (observer != null) {
            observer.latent(z, record);
        }
        try (var scope = GradMode.set(record && GradMode.isEnabled())) {
            return new Fakes(generator.forward(new Variable(z), c), z, c);
        }
    }

    /** Clears the discriminator's gradients, backpropagates its loss and applies its optimiser. */
    protected final void updateDiscriminator(Variable loss) {
        discriminatorOptimizer.zeroGrad();
        loss.backward();
        if (observer != null) {
            observer.gradients("discriminator", discriminator.namedParameters());
        }
        discriminatorOptimizer.step();
    }

    /**
     * Updates only the generator (Algorithm 1 line 18): the gradients of {@code loss} are taken with
     * respect to the generator's parameters alone, so the discriminator is frozen (its parameters
     * receive nothing) although the loss flows through it.
     */
    protected final void updateGenerator(Variable loss) {
        List<Variable> params = generator.parameters();
        Variable[] grads = Autograd.grad(new Variable[] {loss}, null, params.toArray(new Variable[0]), false, false, true);
        for (int i = 0; i < grads.length; i++) {
            params.get(i).setGrad(grads[i].data());
        }
        if (observer != null) {
            observer.gradients("generator", generator.namedParameters());
        }
        generatorOptimizer.step();
        generatorOptimizer.zeroGrad();
    }

    /** Fraction of the scores strictly above (or, with {@code above} false, at most) the threshold. */
    protected static double fraction(Tensor scores, double threshold, boolean above) {
        double[] v = scores.toDoubleArray();
        int k = 0;
        for (double s : v) {
            if (above == (s > threshold)) {
                k++;
            }
        }
        return k / (double) v.length;
    }
}
