package gradiente.generative.training;

import java.util.Map;

/**
 * What every recipe's run offers its listeners: the run folder, the settings a resumed run must repeat,
 * the metric history (complete once training has finished) and the summary that
 * {@link MetricsJson} writes to {@code metrics.json} (filled when training has finished; listeners
 * attached before {@code MetricsJson} may add entries to it in {@link TrainingListener#finished}).
 */
public interface TrainingRun {
    RunFolder folder();

    /** Settings saved with every checkpoint (batch, seed, learning rate, the model's specification, ...). */
    Map<String, String> settings();

    /** Every finished epoch's metrics; empty until the first epoch has ended, complete after training. */
    MetricHistory history();

    /** The run's results in {@code metrics.json}'s order; mutable, filled when training has finished. */
    Map<String, Object> summary();
}
