package gradiente.generative.training;

import gradiente.mnist.batch.Batch;
import gradiente.mnist.batch.DataLoader;
import gradiente.nn.train.ProgressBar;
import gradiente.nn.train.RunningMeans;
import gradiente.nn.train.TrainState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The epoch loop of every model: for each epoch, put the model in training mode, run a
 * {@link BatchStep} on every mini-batch of the {@link DataLoader} (forward, loss, backward, optimiser
 * step; the step adds its per-batch metrics to a {@link RunningMeans}), time the pass, run an optional
 * {@link EpochEnd} (evaluation on held-out data), then save a checkpoint and the curves in the
 * {@link RunFolder}.
 *
 * <p>Each epoch's row of metrics holds the step's running means, {@code seconds} (the training pass
 * alone) and {@code images_per_second}, then what {@code EpochEnd} returned.
 *
 * <p>{@link #run(boolean) run(true)} resumes from the folder's checkpoint: the model, optimiser and
 * generators are restored, the loop starts at the saved epoch and the data order of epoch {@code e}
 * is the loader's {@code epoch(e)}, which depends only on the seed and {@code e}. So training two
 * epochs and resuming for a third gives the same bits as three epochs in one run. The run settings
 * given with {@link Builder#settings} must match the checkpoint's.
 */
public final class EpochLoop {
    /** One training step on a mini-batch; records metrics such as {@code loss} and {@code accuracy}. */
    @FunctionalInterface
    public interface BatchStep {
        void step(Batch batch, RunningMeans metrics);
    }

    /** Called after each epoch's training pass (1-based epoch); returns extra metrics for the row. */
    @FunctionalInterface
    public interface EpochEnd {
        Map<String, Double> after(int epoch) throws IOException;
    }

    private final Builder b;

    private EpochLoop(Builder b) {
        this.b = b;
    }

    /** A loop over {@code loader}'s epochs that trains {@code state} and writes into {@code folder}. */
    public static Builder over(DataLoader loader, TrainState state, RunFolder folder) {
        return new Builder(loader, state, folder);
    }

    /** Settings of a loop. */
    public static final class Builder {
        private final DataLoader loader;
        private final TrainState state;
        private final RunFolder folder;
        private int epochs = 1;
        private BatchStep step;
        private EpochEnd end = epoch -> Map.of();
        private ProgressBar bar = ProgressBar.console();
        private PrintStream log = System.out;
        private Map<String, String> settings = Map.of();
        private DivergenceGuard guard = DivergenceGuard.stop();

        private Builder(DataLoader loader, TrainState state, RunFolder folder) {
            this.loader = Objects.requireNonNull(loader);
            this.state = Objects.requireNonNull(state);
            this.folder = Objects.requireNonNull(folder);
        }

        /** Total number of epochs (a resumed run continues up to this). */
        public Builder epochs(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("EpochLoop: epochs must be >= 0, got " + n);
            }
            this.epochs = n;
            return this;
        }

        public Builder step(BatchStep s) {
            this.step = s;
            return this;
        }

        public Builder after(EpochEnd e) {
            this.end = e;
            return this;
        }

        public Builder progress(ProgressBar p) {
            this.bar = p;
            return this;
        }

        /** Where the loop's messages go (default standard output). */
        public Builder log(PrintStream out) {
            this.log = out;
            return this;
        }

        /** Settings saved with the checkpoint that a resumed run must repeat (batch size, seed, ...). */
        public Builder settings(Map<String, String> s) {
            this.settings = new LinkedHashMap<>(s);
            return this;
        }

        /** Watches every update's running means for NaN or exploding values (default: stop, naming the learning rate). */
        public Builder guard(DivergenceGuard g) {
            this.guard = Objects.requireNonNull(g);
            return this;
        }

        public EpochLoop build() {
            if (step == null) {
                throw new IllegalStateException("EpochLoop: no batch step given");
            }
            return new EpochLoop(this);
        }
    }

    /**
     * Trains up to the configured number of epochs, from scratch or (with {@code resume}) from the
     * folder's checkpoint, and returns the metric history of every epoch (restored ones included).
     */
    public MetricHistory run(boolean resume) throws IOException {
        MetricHistory history = new MetricHistory();
        int start = 0;
        if (resume) {
            history = restore();
            start = history.size();
            b.log.printf(Locale.ROOT, "resuming from %s after epoch %d of %d%n", b.folder.checkpoint(), start, b.epochs);
        }
        RunningMeans means = new RunningMeans();
        for (int e = start; e < b.epochs; e++) {
            b.state.model().train();
            means.clear();
            String label = "epoch " + (e + 1) + "/" + b.epochs;
            b.bar.start(label, b.loader.batchesPerEpoch());
            long t0 = System.nanoTime();
            int done = 0;
            long images = 0;
            for (Batch batch : b.loader.epoch(e)) {
                b.step.step(batch, means);
                done++;
                images += batch.size();
                Map<String, Double> now = means.means();
                b.guard.check(e + 1, done, b.loader.batchesPerEpoch(), now, this::kept);
                b.bar.update(done, images, now);
            }
            b.guard.checkParameters(e + 1, done, b.state.model().namedParameters(), this::kept);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> row = new LinkedHashMap<>(means.means());
            row.put("seconds", seconds);
            row.put("images_per_second", images / seconds);
            row.putAll(b.end.after(e + 1));
            history.add(row);
            b.bar.finish(summary(label, row));
            b.state.save(b.folder.checkpoint(), info(e + 1, history));
            b.folder.writeCurves(history.toLog());
        }
        return history;
    }

    /** What a stopped run leaves: the last checkpoint, if any. */
    private String kept() {
        return Files.exists(b.folder.checkpoint()) ? "the last good checkpoint, " + b.folder.checkpoint()
                + ", is kept (continue from it with --resume after lowering the step)" : "no checkpoint had been written yet";
    }

    private MetricHistory restore() throws IOException {
        if (!Files.exists(b.folder.checkpoint())) {
            throw new IllegalArgumentException("resume: there is no checkpoint " + b.folder.checkpoint()
                    + " to resume from; run once without --resume (with the same --out) first");
        }
        Map<String, String> info = b.state.load(b.folder.checkpoint());
        for (Map.Entry<String, String> s : b.settings.entrySet()) {
            String saved = info.get("setting." + s.getKey());
            if (!s.getValue().equals(saved)) {
                throw new IllegalArgumentException("resume: the run in " + b.folder.dir() + " was trained with "
                        + s.getKey() + "=" + saved + " but this command asks for " + s.getKey() + "=" + s.getValue()
                        + "; repeat the original settings to continue it, or choose a new --out to start afresh");
            }
        }
        MetricHistory h = MetricHistory.decode(info.get("history"));
        String epoch = info.get("epoch");
        if (epoch == null || Integer.parseInt(epoch) != h.size()) {
            throw new IllegalArgumentException("resume: checkpoint " + b.folder.checkpoint() + " records epoch " + epoch
                    + " but a history of " + h.size() + " epochs");
        }
        return h;
    }

    private Map<String, String> info(int epoch, MetricHistory history) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("epoch", Integer.toString(epoch));
        info.put("history", history.encode());
        b.settings.forEach((k, v) -> info.put("setting." + k, v));
        return info;
    }

    /** {@code epoch 3/10  loss 0.1234  accuracy 0.9612  test_accuracy 0.9700  12.3 s  4567 img/s}. */
    static String summary(String label, Map<String, Double> row) {
        StringBuilder sb = new StringBuilder(label);
        row.forEach((k, v) -> {
            if (!k.equals("seconds") && !k.equals("images_per_second")) {
                sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v));
            }
        });
        sb.append(String.format(Locale.ROOT, "  %.2f s  %.0f img/s", row.get("seconds"), row.get("images_per_second")));
        return sb.toString();
    }
}
