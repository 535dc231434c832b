package gradiente.generative.gan;

import gradiente.nn.Module;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three places where the thesis' tool (Keras 3 on TensorFlow, the listing of thesis 4.2) trains a
 * GAN differently from PyTorch's conventions, which gradiente followed before issue 13
 * (docs/results/README.md, "Keras against gradiente"):
 * <ul>
 *   <li>{@link #bce()}: Keras computes {@code binary_crossentropy} of a sigmoid output from its logits
 *       (exact gradient {@code sigmoid(z) - t}); PyTorch's {@code BCELoss} style clamps the probability;</li>
 *   <li>{@link #adam()}: Keras' Adam adds its epsilon 1e-7 to the root of the uncorrected second moment
 *       ("epsilon hat"), PyTorch 1e-8 to the corrected root;</li>
 *   <li>{@link #replacement()}: the Keras listing draws each update's real images uniformly with
 *       replacement ({@code randint}); an epoch loader shuffles and visits each image once.</li>
 * </ul>
 * A training recipe chooses them per setting ({@code GanTraining}'s {@code bce}, {@code adamEpsilon},
 * {@code realSampling}); the thesis architecture as given defaults to {@link #KERAS}, everything else to
 * {@link #PYTORCH}.
 *
 * @param bce         where the cross-entropy is computed
 * @param adam        where Adam's stabiliser goes
 * @param replacement real images drawn with replacement (else: halves of shuffled mini-batches)
 */
public record KerasSemantics(Gan.Bce bce, Adam.Epsilon adam, boolean replacement) {
    /** Keras' epsilon (its {@code Adam(epsilon=1e-7)} default). */
    public static final double KERAS_EPSILON = 1e-7;
    /** PyTorch's epsilon. */
    public static final double PYTORCH_EPSILON = 1e-8;
    /** The thesis' tool. */
    public static final KerasSemantics KERAS = new KerasSemantics(Gan.Bce.LOGITS, Adam.Epsilon.HAT, true);
    /** PyTorch's conventions, gradiente's behaviour before issue 13. */
    public static final KerasSemantics PYTORCH = new KerasSemantics(Gan.Bce.PROBABILITIES, Adam.Epsilon.CORRECTED, false);

    public KerasSemantics {
        java.util.Objects.requireNonNull(bce, "KerasSemantics: bce");
        java.util.Objects.requireNonNull(adam, "KerasSemantics: adam");
    }

    /** The stabiliser that goes with {@link #adam()}: Keras' 1e-7 or PyTorch's 1e-8. */
    public double epsilon() {
        return adam == Adam.Epsilon.HAT ? KERAS_EPSILON : PYTORCH_EPSILON;
    }

    /** Adam over {@code module}'s parameters with these semantics. */
    public Adam optimizer(Module module, double lr, double beta1, double beta2) {
        return new Adam(List.of(new ParamGroup(module.namedParameters(), lr)), beta1, beta2, epsilon(), adam);
    }

    /**
     * Run settings a resumed run must repeat; empty for {@link #PYTORCH}, so that runs checkpointed
     * before these options existed still resume.
     */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        if (!equals(PYTORCH)) {
            m.put("bce", bce == Gan.Bce.LOGITS ? "logits" : "probs");
            m.put("adam_epsilon", adam == Adam.Epsilon.HAT ? "keras" : "pytorch");
            m.put("real_sampling", replacement ? "replacement" : "shuffle");
        }
        return m;
    }

    /** One line for the run's log. */
    public String describe() {
        return String.format(Locale.ROOT, "semantics: BCE on %s, Adam epsilon %s (%s), real images %s",
                bce == Gan.Bce.LOGITS ? "logits (exact)" : "probabilities (clamped at 1e-12)",
                adam == Adam.Epsilon.HAT ? "hat" : "on the corrected root", epsilon(),
                replacement ? "drawn with replacement" : "from shuffled epochs");
    }
}
