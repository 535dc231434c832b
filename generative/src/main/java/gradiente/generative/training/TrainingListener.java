package gradiente.generative.training;

import java.io.IOException;

/**
 * A callback of a training recipe (the way Keras' {@code Callback} or Lightning's hooks attach to
 * {@code fit}): told when the run has been set up, after every epoch's training pass, and when training
 * has finished. Listeners run in the order they were attached; each sees the live run {@code R} (the
 * recipe's networks, specification, run folder and settings) and may add metrics to the epoch's row with
 * {@link EpochReport#record}. What a listener does not need it ignores: every method does nothing by default.
 *
 * @param <R> the recipe's run type, e.g. {@code GanRun}
 */
public interface TrainingListener<R> {
    /** The networks are built (and, when resuming, about to be restored); no epoch has run yet. */
    default void started(R run) throws IOException {
    }

    /**
     * Epoch {@code report.epoch()} (1-based) has finished its training pass; the checkpoint of the epoch is
     * written after every listener has returned, so state changed here is saved with it.
     */
    default void epochEnded(R run, EpochReport report) throws IOException {
    }

    /** Training is over and the final model is saved; the run's history is complete. */
    default void finished(R run) throws IOException {
    }
}
