package gradiente.generative.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link TrainingListener} hears at the end of an epoch: its number (1-based), the running means
 * of the per-batch metrics over the epoch's training pass (e.g. {@code loss_d}, {@code acc_fake}) and a
 * place to add metrics of its own (an evaluation's {@code fid}), which join the epoch's row of the
 * {@link MetricHistory}, {@code metrics.csv} and the checkpoint in the order they were recorded.
 */
public final class EpochReport {
    private final int epoch;
    private final Map<String, Double> means;
    private final Map<String, Double> recorded = new LinkedHashMap<>();

    public EpochReport(int epoch, Map<String, Double> means) {
        this.epoch = epoch;
        this.means = Collections.unmodifiableMap(new LinkedHashMap<>(means));
    }

    /** The epoch just finished, 1-based. */
    public int epoch() {
        return epoch;
    }

    /** Means of the training pass's per-batch metrics. */
    public Map<String, Double> means() {
        return means;
    }

    /** Adds a metric to the epoch's row (a later value of the same name replaces an earlier one). */
    public void record(String metric, double value) {
        recorded.put(metric, value);
    }

    /** Adds several metrics, in their iteration order. */
    public void recordAll(Map<String, Double> metrics) {
        recorded.putAll(metrics);
    }

    /** What listeners recorded, in order. */
    public Map<String, Double> recorded() {
        return Collections.unmodifiableMap(recorded);
    }
}
