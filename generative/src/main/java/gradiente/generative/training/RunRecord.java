package gradiente.generative.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of a recipe's run that every recipe shares: the run folder, the settings saved with the
 * checkpoint, the metric history (set when training has finished) and the summary of {@code metrics.json}.
 */
public abstract class RunRecord implements TrainingRun {
    private final RunFolder folder;
    private final Map<String, String> settings;
    private MetricHistory history = new MetricHistory();
    private final Map<String, Object> summary = new LinkedHashMap<>();

    protected RunRecord(RunFolder folder, Map<String, String> settings) {
        this.folder = folder;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    @Override
    public RunFolder folder() {
        return folder;
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public MetricHistory history() {
        return history;
    }

    @Override
    public Map<String, Object> summary() {
        return summary;
    }

    /** Records the finished run's history. */
    protected void history(MetricHistory h) {
        this.history = h;
    }
}
