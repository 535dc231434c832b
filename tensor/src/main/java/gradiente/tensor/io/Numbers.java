package gradiente.tensor.io;

import java.util.Locale;

/**
 * The one number formatter for text the project writes (JSON summaries, logs, DOT graphs): an
 * integral value of magnitude below 10<sup>15</sup> is written without a fraction ({@code 3}, not
 * {@code 3.0}); any other value in Java's shortest round-trip form ({@link Double#toString}), which reads
 * back to the same double.
 */
public final class Numbers {
    private static final double EXACT_LONG = 1e15;

    private Numbers() {
    }

    /** {@code 3}, {@code -0.25}, {@code 1.0E-7}, {@code NaN}: integral values without a fraction, others round-trip. */
    public static String shortest(double v) {
        return isSmallIntegral(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Integral values without a fraction, others to {@code significant} significant digits ({@code %.Ng}). */
    public static String compact(double v, int significant) {
        return isSmallIntegral(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%." + significant + "g", v);
    }

    private static boolean isSmallIntegral(double v) {
        return v == Math.rint(v) && Math.abs(v) < EXACT_LONG;
    }
}
