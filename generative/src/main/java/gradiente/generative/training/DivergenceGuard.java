package gradiente.generative.training;

import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Watches the running means of an epoch's metrics after every update and reports divergence: a
 * metric that is NaN or infinite, or one that has exploded, i.e. grown past
 * {@value #EXPLOSION_FACTOR} times {@code max(1, |its first value in the run|)} (a loss of 2.3 that
 * reaches 8.8e21 under {@code --lr 1e6}). Gradient descent with too large a step (the update
 * {@code theta <- theta - lr grad L} overshooting) is the usual cause, so the message names the step
 * size. An exploding or non-finite gradient shows here within one update, as the loss of the next
 * batch; non-finite weights are refused when a checkpoint is saved
 * ({@link gradiente.nn.checkpoint.NonFiniteTensorException}).
 *
 * <p>Policy {@link OnNan#STOP} (the default) throws a {@link Divergence} at the first such update,
 * before anything of the epoch is saved, so the last good checkpoint stays; {@link OnNan#WARN} prints
 * one warning per metric and epoch and lets training go on.
 */
public final class DivergenceGuard {
    /** How far past its first value a metric may grow before it counts as exploded. */
    public static final double EXPLOSION_FACTOR = 1e4;

    /** What to do on divergence ({@code --on-nan stop|warn}). */
    public enum OnNan {
        STOP, WARN;

        /** {@code stop} or {@code warn}, any case. */
        public static OnNan parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "stop" -> STOP;
                case "warn" -> WARN;
                default -> throw new IllegalArgumentException("--on-nan: expected stop or warn, got '" + s + "'");
            };
        }
    }

    /** Training diverged under {@link OnNan#STOP}. */
    public static final class Divergence extends IllegalStateException {
        Divergence(String message) {
            super(message);
        }
    }

    private final OnNan policy;
    private final String cause;
    private final PrintStream log;
    private final Map<String, Double> first = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private int warnedEpoch = -1;

    /**
     * @param cause the likely cause in the user's words, e.g. {@code "the learning rate (--lr 1e38)"}
     * @param log   where warnings go
     */
    public DivergenceGuard(OnNan policy, String cause, PrintStream log) {
        this.policy = policy;
        this.cause = cause;
        this.log = log;
    }

    /** The default of a loop: stop, naming the learning rate. */
    public static DivergenceGuard stop() {
        return new DivergenceGuard(OnNan.STOP, "the learning rate", System.out);
    }

    public OnNan policy() {
        return policy;
    }

    /**
     * Checks the running means after update {@code update} (1-based) of {@code updates} in epoch
     * {@code epoch} (1-based).
     *
     * @param kept says what is kept on disk (e.g. the last checkpoint), asked only when stopping
     * @throws Divergence under {@link OnNan#STOP} when a metric is non-finite or has exploded
     */
    public void check(int epoch, int update, int updates, Map<String, Double> means, Supplier<String> kept) {
        for (Map.Entry<String, Double> e : means.entrySet()) {
            String problem = problem(e.getKey(), e.getValue());
            if (problem != null) {
                report(e.getKey(), String.format(Locale.ROOT, "%s at epoch %d, update %d of %d (running mean of the epoch)",
                        problem, epoch, update, updates), epoch, kept);
            }
        }
    }

    /** Stops (throws) or warns, once per key and epoch, about {@code where}. */
    private void report(String key, String where, int epoch, Supplier<String> kept) {
        if (policy == OnNan.STOP) {
            throw new Divergence("training diverged: " + where + ". The likely cause is too large a step: lower "
                    + cause + ". Nothing of this epoch was saved; " + kept.get()
                    + ". (--on-nan warn keeps training instead.)");
        }
        if (warnedEpoch != epoch) {
            warned.clear();
            warnedEpoch = epoch;
        }
        if (warned.add(key)) {
            log.println();
            log.println("warning: " + where + "; the likely cause is too large a step (" + cause + "). --on-nan warn: "
                    + "training goes on, but a checkpoint or generator with non-finite weights is never written.");
        }
    }

    /**
     * Checks every parameter and its gradient (where there is one) after the last update of epoch
     * {@code epoch}; the same policy applies as for the metrics.
     */
    public void checkParameters(int epoch, int updates, Map<String, Variable> parameters, Supplier<String> kept) {
        for (Map.Entry<String, Variable> e : parameters.entrySet()) {
            String problem = nonFinite("parameter " + e.getKey(), e.getValue().data());
            Tensor grad = e.getValue().grad();
            if (problem == null && grad != null) {
                problem = nonFinite("the gradient of parameter " + e.getKey(), grad);
            }
            if (problem != null) {
                report(e.getKey(), String.format(Locale.ROOT, "%s holds NaN/Inf after epoch %d (update %d of %d)", problem,
                        epoch, updates, updates), epoch, kept);
                return;
            }
        }
    }

    private static String nonFinite(String what, Tensor t) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return what + " " + t.shapeString() + " (element " + i + ")";
            }
        }
        return null;
    }

    /** The problem with a metric's running mean, or null. */
    String problem(String metric, double value) {
        if (!Double.isFinite(value)) {
            return metric + " is " + value;
        }
        double ref = first.computeIfAbsent(metric, k -> value);
        double limit = EXPLOSION_FACTOR * Math.max(1, Math.abs(ref));
        if (Math.abs(value) > limit) {
            return String.format(Locale.ROOT, "%s exploded to %.3g (it started at %.4g; the limit is %.3g)", metric, value,
                    ref, limit);
        }
        return null;
    }
}
