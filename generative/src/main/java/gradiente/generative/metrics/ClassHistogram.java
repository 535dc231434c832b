package gradiente.generative.metrics;

import java.util.Locale;

/**
 * How generated images spread over the classes the evaluation classifier assigns them: the
 * mode-collapse alarm of seed 004 (a generator that draws "only threes"). The alarm rings when any
 * class holds less than {@code low} or more than {@code high} of the samples (5% and 20% for the ten
 * MNIST digits, whose true frequencies are all near 10%).
 *
 * @param counts         samples per class
 * @param meanConfidence mean of the classifier's top probability
 */
public record ClassHistogram(int[] counts, double meanConfidence) {
    public int total() {
        int t = 0;
        for (int c : counts) {
            t += c;
        }
        return t;
    }

    public double fraction(int c) {
        return total() == 0 ? 0 : (double) counts[c] / total();
    }

    /** True when some class is below {@code low} or above {@code high} of the samples. */
    public boolean modeCollapse(double low, double high) {
        for (int c = 0; c < counts.length; c++) {
            double f = fraction(c);
            if (f < low || f > high) {
                return true;
            }
        }
        return false;
    }

    /** One line per class with its share and a bar, then the alarm verdict. */
    public String render(double low, double high) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            double f = fraction(c);
            sb.append(String.format(Locale.ROOT, "class %d: %5d (%5.1f%%) %s%n", c, counts[c], 100 * f,
                    "#".repeat((int) Math.round(f * 100))));
        }
        sb.append(String.format(Locale.ROOT, "mean confidence %.4f; mode collapse alarm (any class < %.0f%% or > %.0f%%): %s%n",
                meanConfidence, 100 * low, 100 * high, modeCollapse(low, high) ? "RAISED" : "clear"));
        return sb.toString();
    }
}
