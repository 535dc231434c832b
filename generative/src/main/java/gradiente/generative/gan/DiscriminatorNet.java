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
 *
 * <p>With {@code pack = m > 1} it is PacGAN's packed discriminator (Lin, Khetan, Fanti, Oh, "PacGAN: the
 * power of two samples in generative adversarial networks", NeurIPS 2018): every {@code m} consecutive
 * images of the batch are judged together, as one input of {@code m} times the channels (or features),
 * and get one score, {@code [N / m, 1]}. A generator that has dropped modes makes packs that are less varied
 * than real ones, which a packed D can see and a per-image D cannot: the remedy the paper gives for mode
 * collapse, at the cost of {@code m} times D's first layer only. Callers keep packs within one source (Algorithm
 * 1 puts the {@code b} real images first, then the {@code b} generated ones, so {@code m} must divide {@code b}).
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
    private final int pack;

    /** @param body maps the (joined) input to scores {@code [N, 1]} */
    public DiscriminatorNet(Layer body, int classes, Join join) {
        this(body, classes, join, 1);
    }

    /**
     * @param body maps the packed input ({@code [N / pack, pack * C, H, W]}, or flattened features) to scores
     *             {@code [N / pack, 1]}
     * @param pack images judged together (PacGAN); 1 for the usual one score per image
     */
    public DiscriminatorNet(Layer body, int classes, Join join, int pack) {
        if (classes < 0) {
            throw new IllegalArgumentException("DiscriminatorNet: classes must be >= 0, got " + classes);
        }
        if (pack < 1 || (pack > 1 && classes > 0)) {
            throw new IllegalArgumentException("DiscriminatorNet: pack must be >= 1, and 1 for a conditional "
                    + "discriminator (a pack would hold images of different classes), got pack " + pack + " with "
                    + classes + " classes");
        }
        this.body = addModule("body", body);
        this.classes = classes;
        this.join = join;
        this.pack = pack;
    }

    /** Images judged together (PacGAN), 1 for one score per image. */
    public int pack() {
        return pack;
    }

    /** Number of scores for {@code images} images: {@code images / pack}. */
    public int scores(int images) {
        if (images % pack != 0) {
            throw new IllegalArgumentException("DiscriminatorNet: pack " + pack + " needs a multiple of " + pack
                    + " images, got " + images);
        }
        return images / pack;
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
        int n = scores(x.size(0));
        Variable in;
        if (pack > 1) {
            // m consecutive images as one input: [N, C, H, W] -> [N/m, m C, H, W] (a view of a contiguous batch)
            Variable packed = x.reshape(n, pack * x.size(1), x.size(2), x.size(3));
            in = join == Join.FEATURES ? packed.flatten(1, 3) : packed;
        } else if (join == Join.FEATURES) {
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
        if (out.rank() != 2 || out.size(1) != 1 || out.size(0) != n) {
            throw new IllegalArgumentException("DiscriminatorNet: body must give [" + n + ", 1] scores, got "
                    + out.data().shapeString());
        }
        return out;
    }

    @Override
    protected String describe() {
        return "classes=" + classes + ", join=" + join + (pack > 1 ? ", pack=" + pack : "");
    }
}
