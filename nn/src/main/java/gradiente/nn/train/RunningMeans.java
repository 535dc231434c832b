package gradiente.nn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running means of named per-batch metrics over one epoch, each weighted by the number of samples it
 * was measured on, so that a smaller last batch counts for what it holds: {@code mean = sum_b n_b m_b /
 * sum_b n_b}. Metrics keep the order in which they were first added (that is the order the progress
 * bar shows them in).
 */
public final class RunningMeans {
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /** Adds a value measured on {@code count} samples (e.g. a batch's mean loss and its size). */
    public RunningMeans add(String metric, double value, long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("RunningMeans: count of '" + metric + "' must be positive, got " + count);
        }
        double[] s = sums.computeIfAbsent(metric, k -> new double[2]);
        s[0] += value * count;
        s[1] += count;
        return this;
    }

    /** The weighted mean so far, NaN when never added. */
    public double mean(String metric) {
        double[] s = sums.get(metric);
        return s == null ? Double.NaN : s[0] / s[1];
    }

    /** Every metric's mean, in first-added order. */
    public Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    /** Forgets everything (start of an epoch). */
    public void clear() {
        sums.clear();
    }
}
