package gradiente.generative.recipes;

import gradiente.generative.training.EpochReport;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import java.io.IOException;
import java.util.Locale;

/** Every {@code every} epochs saves the VAE as {@code generator_epoch_NNN.safetensors} (self-describing). */
public final class VaeSnapshots implements TrainingListener<VaeRun> {
    private final int every;

    /** @param every epochs between snapshots, 0 for none */
    public VaeSnapshots(int every) {
        if (every < 0) {
            throw new SettingException("VaeSnapshots", "saveEvery", "must be >= 0 (0 = never), got " + every);
        }
        this.every = every;
    }

    @Override
    public void epochEnded(VaeRun run, EpochReport report) throws IOException {
        int epoch = report.epoch();
        if (every > 0 && epoch % every == 0) {
            VaeTraining.save(run.folder().file(String.format(Locale.ROOT, "generator_epoch_%03d.safetensors", epoch)),
                    run.spec(), run.vae(), epoch);
        }
    }
}
