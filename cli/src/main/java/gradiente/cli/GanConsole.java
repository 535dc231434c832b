package gradiente.cli;

import gradiente.generative.recipes.GanModel;
import gradiente.generative.recipes.GanRun;
import gradiente.generative.recipes.GanTraining;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.Samples;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code train gan|cgan|dcgan|wgan|wgan-gp} prints around the progress bar: the run's settings and
 * both networks, thesis 4.2's warning when the discriminator wins, and the last epoch's metrics with the
 * run folder at the end.
 */
final class GanConsole implements TrainingListener<GanRun> {
    private final PrintStream out;

    GanConsole(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(GanRun run) {
        GanTraining r = run.recipe();
        GanModel.Objective objective = r.model().objective();
        int half = r.batch() / 2;
        out.printf(Locale.ROOT, "%s (%s nets) on %s: %d training images, G %,d parameters, %s %,d parameters, "
                        + "latent %d, batch %d (%d real + %d generated), %d epochs, Adam lr %s betas (%s, %s)%s, seed %d, device %s%n",
                r.model().id(), r.net().id(), run.dataset(), run.trainImages(), run.generator().numParameters(),
                objective == GanModel.Objective.BCE ? "D" : "critic", run.discriminator().numParameters(), r.latent(),
                r.batch(), half, half, r.epochs(), r.lr(), r.beta1(), r.beta2(), objective.note(), r.seed(), r.device());
        out.println(run.generator());
        out.println(run.discriminator());
    }

    @Override
    public void epochEnded(GanRun run, EpochReport report) {
        if (run.recipe().model().objective() != GanModel.Objective.BCE) {
            return;
        }
        String warning = discriminatorWins(report.means());
        if (warning != null) {
            out.println();
            out.println("warning, epoch " + report.epoch() + ": " + warning);
        }
    }

    @Override
    public void finished(GanRun run) {
        int epochs = run.history().size();
        if (epochs > 0) {
            StringBuilder line = new StringBuilder("final epoch " + epochs + ":");
            run.history().epoch(epochs).forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
            out.println(line);
        }
        out.println("run folder " + run.folder().dir() + "; generator " + run.folder().file(Decoders.FINAL) + "; samples "
                + run.folder().file(Samples.IDX));
    }

    /**
     * Thesis 4.2's warning sign, or null: "a failure in the discriminator's loss means the generator
     * has started to produce garbage that the discriminator detects easily". Raised when over an epoch
     * D's loss is under 0.1 and it classifies at least 99% of the generated images as generated.
     */
    static String discriminatorWins(Map<String, Double> means) {
        Double lossD = means.get("loss_d");
        Double accFake = means.get("acc_fake");
        if (lossD == null || accFake == null || !(lossD < 0.1 && accFake >= 0.99)) {
            return null;
        }
        return String.format(Locale.ROOT, "the discriminator wins (mean loss_d %.3f, accuracy on generated images %.3f): "
                + "thesis 4.2 reads this as the generator producing garbage D detects easily; the thesis suggests "
                + "stopping and restarting, and for the DCGAN the --batchnorm variant trains where the plain one "
                + "collapses (docs/results/README.md)", lossD, accFake);
    }
}
