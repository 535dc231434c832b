package gradiente.generative.recipes;

import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.generative.training.WindowLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Window means of a GAN's per-update measurements ({@code loss_d}, {@code loss_g}, {@code d_real}, {@code d_fake},
 * ...) every {@code every} updates, appended to {@code updates.csv} ({@link WindowLog}), so that a trajectory finer
 * than an epoch can be set beside the Keras reference's (which logs window means of 20). Every
 * {@value #KERAS_PROBE_EVERY}th update also records D as that reference measures it, in inference mode after the
 * step ({@link GanRun#scoreLastBatch}): {@code d_real_eval}, {@code d_fake_eval}. A fresh run starts the file
 * anew; a resumed one appends to it, its update numbers continuing.
 */
public final class UpdateWindows implements TrainingListener<GanRun> {
    /** The file in the run folder. */
    public static final String UPDATES_CSV = "updates.csv";
    /** Every how many updates D is probed as the Keras reference probes it. */
    public static final int KERAS_PROBE_EVERY = 5;

    private final int every;
    private final PrintStream echo;
    private WindowLog log;

    /**
     * @param every window length in updates, at least 1
     * @param echo  where each row is also printed, or null
     */
    public UpdateWindows(int every, PrintStream echo) {
        if (every < 1) {
            throw new SettingException("UpdateWindows", "logEvery", "must be >= 1, got " + every);
        }
        this.every = every;
        this.echo = echo;
    }

    @Override
    public void started(GanRun run) throws IOException {
        log = null;
        if (!run.recipe().resume()) {
            Files.deleteIfExists(file(run));
        }
    }

    @Override
    public void updateEnded(GanRun run, long update, Map<String, Double> measured) throws IOException {
        if (log == null) {
            log = new WindowLog(file(run), every, update - 1, echo);
        }
        Map<String, Double> row = new LinkedHashMap<>(measured);
        double[] eval = update % KERAS_PROBE_EVERY == 0 ? run.scoreLastBatch() : null;
        if (eval != null) {
            row.put("d_real_eval", eval[0]);
            row.put("d_fake_eval", eval[1]);
        }
        log.add(row);
    }

    private static Path file(GanRun run) {
        return run.folder().file(UPDATES_CSV);
    }
}
