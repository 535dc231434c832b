package gradiente.generative.training;

import gradiente.mnist.plot.MetricsLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of every finished epoch, in order, with a lossless text form so that a checkpoint can
 * carry the history and a resumed run draws the same curves:
 * {@code loss=0.31,accuracy=0.91;loss=0.12,accuracy=0.96} (one {@code ;}-separated group per epoch,
 * values in {@link Double#toString} form, which reads back to the same double).
 */
public final class MetricHistory {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** Appends the metrics of the next epoch. */
    public void add(Map<String, Double> metrics) {
        epochs.add(new LinkedHashMap<>(metrics));
    }

    /** Number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /** Metrics of epoch {@code e} (1-based). */
    public Map<String, Double> epoch(int e) {
        return epochs.get(e - 1);
    }

    /** The metric's value in every epoch (NaN where absent). */
    public double[] values(String metric) {
        double[] v = new double[epochs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = epochs.get(i).getOrDefault(metric, Double.NaN);
        }
        return v;
    }

    /** The history as a {@link MetricsLog} with step column {@code epoch} (1-based). */
    public MetricsLog toLog() {
        MetricsLog log = new MetricsLog("epoch");
        for (int i = 0; i < epochs.size(); i++) {
            log.record(i + 1, epochs.get(i));
        }
        return log;
    }

    /** The lossless text form. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Double> m : epochs) {
            sb.append(sb.length() == 0 ? "" : ";");
            StringBuilder row = new StringBuilder();
            m.forEach((k, v) -> row.append(row.length() == 0 ? "" : ",").append(k).append('=').append(v));
            sb.append(row);
        }
        return sb.toString();
    }

    /** Reads {@link #encode()}'s form; metric names must not contain {@code = , ;}. */
    public static MetricHistory decode(String text) {
        MetricHistory h = new MetricHistory();
        if (text == null || text.isEmpty()) {
            return h;
        }
        for (String row : text.split(";", -1)) {
            Map<String, Double> m = new LinkedHashMap<>();
            if (!row.isEmpty()) {
                for (String kv : row.split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("metric history: '" + kv + "' is not name=value");
                    }
                    m.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
                }
            }
            h.add(m);
        }
        return h;
    }
}
