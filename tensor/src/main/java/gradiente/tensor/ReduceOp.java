package gradiente.tensor;

/**
 * Reductions over a set of dimensions, computed by {@link Backend#reduce}. Sums accumulate in double
 * precision on the reference path. MAX and MIN propagate NaN.
 */
public enum ReduceOp {
    SUM, MAX, MIN;

    /** The value an empty reduction starts from. */
    public double identity() {
        switch (this) {
            case SUM: return 0.0;
            case MAX: return Double.NEGATIVE_INFINITY;
            case MIN: return Double.POSITIVE_INFINITY;
            default: throw new AssertionError(this);
        }
    }

    /** Folds one more value into an accumulator. */
    public double combine(double acc, double x) {
        switch (this) {
            case SUM: return acc + x;
            case MAX: return (x > acc || Double.isNaN(x)) && !Double.isNaN(acc) ? x : acc;
            case MIN: return (x < acc || Double.isNaN(x)) && !Double.isNaN(acc) ? x : acc;
            default: throw new AssertionError(this);
        }
    }
}
