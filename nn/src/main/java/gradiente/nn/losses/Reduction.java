package gradiente.nn.losses;

import gradiente.autograd.Variable;

/** How a loss turns per-element (or per-sample) values into its result. */
public enum Reduction {
    /** The average, {@code (1/n) sum_i l_i} (the {@code 1/m} of Algorithm 8.7's gradient). */
    MEAN,
    /** The total, {@code sum_i l_i}. */
    SUM,
    /** No reduction: the per-element (or per-sample) values. */
    NONE;

    /** Applies this reduction to per-element losses. */
    public Variable reduce(Variable losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }
}
