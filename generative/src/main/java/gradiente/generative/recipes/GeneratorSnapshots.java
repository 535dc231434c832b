package gradiente.generative.recipes;

import gradiente.generative.sample.Decoders;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Every {@code every} epochs saves G as {@code generator_epoch_NNN.safetensors} (thesis 4.2 keeps the
 * generator of several epochs to choose from) and, with a weight average,
 * {@code generator_ema_epoch_NNN.safetensors}; each file rebuilds its generator alone ({@code Decoders.load}).
 */
public final class GeneratorSnapshots implements TrainingListener<GanRun> {
    private final int every;

    /** @param every epochs between snapshots, 0 for none */
    public GeneratorSnapshots(int every) {
        if (every < 0) {
            throw new SettingException("GeneratorSnapshots", "saveEvery", "must be >= 0 (0 = never), got " + every);
        }
        this.every = every;
    }

    @Override
    public void epochEnded(GanRun run, EpochReport report) throws IOException {
        int epoch = report.epoch();
        if (every == 0 || epoch % every != 0) {
            return;
        }
        Decoders.save(run.folder().file(String.format(Locale.ROOT, "generator_epoch_%03d.safetensors", epoch)), run.spec(),
                run.generator(), Map.of("epoch", Integer.toString(epoch)));
        if (run.average() != null) {
            Decoders.save(run.folder().file(String.format(Locale.ROOT, "generator_ema_epoch_%03d.safetensors", epoch)),
                    run.spec(), run.average(), run.recipe().emaInfo(epoch));
        }
    }
}
