package gradiente.generative.gan;

import gradiente.autograd.Profiler;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.Module;
import gradiente.tensor.Tensor;

/**
 * A discriminator {@code D(x)} (seed 002 3.1) or WGAN critic {@code C(x)} (thesis 3.3): images
 * {@code [N, C, H, W]} to one score per image {@code [N, 1]}, a probability of being real when the
 * body ends in a sigmoid, an unbounded realness score for a critic.
 *
 * <p>With {@code classes > 0} it is the conditional discriminator of thesis 3.3, which judges whether
 * an image is a real example <em>of the given class</em>. The class reaches the body in one of two ways:
 * {@link Join#FEATURES} flattens the image to {@code [N, C*H*W]} and appends the class vector
 * ({@code [N, C*H*W + classes]}, for MLP bodies); {@link Join#PLANES} appends one constant
 * {@code H x W} plane per class ({@code [N, C + classes, H, W]}, for convolutional bodies).
 */
public final class DiscriminatorNet extends Module {
    /** The {@link Profiler} phase of the discriminator's forward pass (and, in the profile, of its backward rules). */
    public static final String PHASE = "D";
    /** How the class condition is joined to the image. */
    public enum Join {
        /** Flatten the image and append the class vector. */
        FEATURES,
        /** Append one constant plane per class as extra channels. */
        PLANES
    }

    private final Layer body;
    private final int classes;
    private final Join join;

    /** @param body maps the (joined) input to scores {@code [N, 1]} */
    public DiscriminatorNet(Layer body, int classes, Join join) {
        if (classes < 0) {
            throw new IllegalArgumentException("DiscriminatorNet: classes must be >= 0, got " + classes);
        }
        this.body = addModule("body", body);
        this.classes = classes;
        this.join = join;
    }

    /** Number of classes of the condition, 0 for an unconditional discriminator. */
    public int classes() {
        return classes;
    }

    /**
     * Scores images.
     *
     * @param x         images {@code [N, C, H, W]}
     * @param condition {@code [N, classes]}, or null when unconditional
     */
    public Variable forward(Variable x, Tensor condition) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("DiscriminatorNet: images must be [N, C, H, W], got " + x.data().shapeString());
        }
        try (var phase = Profiler.phase(PHASE)) {
            return score(x, condition);
        }
    }

    private Variable score(Variable x, Tensor condition) {
        Variable in;
        if (join == Join.FEATURES) {
            in = Conditions.join(x.flatten(1, 3), condition, classes, "DiscriminatorNet");
        } else if (classes == 0) {
            in = Conditions.join(x, condition, 0, "DiscriminatorNet");
        } else {
            Conditions.check(condition, x, classes, "DiscriminatorNet");
            Tensor planes = condition.to(x.data().dtype()).reshape(x.size(0), classes, 1, 1)
                    .expand(x.size(0), classes, x.size(2), x.size(3)).contiguous();
            in = Variable.concat(1, x, new Variable(planes));
        }
        Variable out = body.forward(in);
        if (out.rank() != 2 || out.size(1) != 1 || out.size(0) != x.size(0)) {
            throw new IllegalArgumentException("DiscriminatorNet: body must give [" + x.size(0) + ", 1] scores, got "
                    + out.data().shapeString());
        }
        return out;
    }

    @Override
    protected String describe() {
        return "classes=" + classes + ", join=" + join;
    }
}
