package gradiente.generative.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A recipe's {@link TrainingListener}s, told of each event in the order they were attached. */
public final class Listeners<R> {
    private final List<TrainingListener<? super R>> all = new ArrayList<>();

    void add(TrainingListener<? super R> l) {
        all.add(java.util.Objects.requireNonNull(l, "listener"));
    }

    public void started(R run) throws IOException {
        for (TrainingListener<? super R> l : all) {
            l.started(run);
        }
    }

    /**
     * Tells every listener that {@code epoch} has ended, after the recipe's own metrics {@code recorded} (test
     * loss, ...), and returns what the recipe and the listeners recorded, for the epoch's row.
     */
    public Map<String, Double> epochEnded(R run, int epoch, Map<String, Double> means, Map<String, Double> recorded)
            throws IOException {
        EpochReport report = new EpochReport(epoch, means);
        report.recordAll(recorded);
        for (TrainingListener<? super R> l : all) {
            l.epochEnded(run, report);
        }
        return report.recorded();
    }

    public void finished(R run) throws IOException {
        for (TrainingListener<? super R> l : all) {
            l.finished(run);
        }
    }
}
