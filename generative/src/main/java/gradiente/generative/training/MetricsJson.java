package gradiente.generative.training;

import java.io.IOException;

/**
 * Writes the run's {@link TrainingRun#summary() summary} to {@code metrics.json} (atomically) when training
 * has finished. Attach it after the listeners that add to the summary.
 */
public final class MetricsJson implements TrainingListener<TrainingRun> {
    @Override
    public void finished(TrainingRun run) throws IOException {
        run.folder().writeMetricsJson(run.summary());
    }
}
