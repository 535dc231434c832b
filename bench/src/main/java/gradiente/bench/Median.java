package gradiente.bench;

import java.util.Arrays;

/** The median of timed iterations, the figure every {@code bench} command prints. */
final class Median {
    private Median() {
    }

    /** The middle value (the mean of the two middle values for an even count); the array is left unchanged. */
    static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
