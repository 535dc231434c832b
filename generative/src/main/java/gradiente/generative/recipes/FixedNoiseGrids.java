package gradiente.generative.recipes;

import gradiente.generative.gan.Conditions;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.Latent;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.image.ImageGrid;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * After every epoch, the same latent vectors through G: {@code samples/epoch_NNN.png} and {@code samples.png}
 * (and, with a weight average, {@code samples/ema_epoch_NNN.png}), a grid of {@code columns x columns}
 * images drawn once from the run's seed. A conditional model gets {@code columns} vectors, the same in every
 * row, and row {@code k} asks for class {@code k}.
 */
public final class FixedNoiseGrids implements TrainingListener<GanRun> {
    private final int columns;
    private Tensor z;
    private Tensor condition;
    private ImageGrid grid;

    /** @param columns columns of the grid (10 draws 100 images) */
    public FixedNoiseGrids(int columns) {
        if (columns < 1) {
            throw new SettingException("FixedNoiseGrids", "grid", "must be >= 1, got " + columns);
        }
        this.columns = columns;
    }

    @Override
    public void started(GanRun run) throws IOException {
        GanSpec spec = run.spec();
        draw(spec, run.recipe().seed(), run.device());
        grid = ImageGrid.defaults().columns(columns).range(spec.scaling().lo(), spec.scaling().hi()).scale(2);
        Files.createDirectories(run.folder().file("samples"));
    }

    @Override
    public void epochEnded(GanRun run, EpochReport report) throws IOException {
        int epoch = report.epoch();
        Tensor images = run.generator().generate(z, condition);
        grid.write(images, run.folder().file(String.format(Locale.ROOT, "samples/epoch_%03d.png", epoch)));
        grid.write(images, run.folder().file("samples.png"));
        if (run.average() != null) {
            grid.write(run.average().generate(z, condition),
                    run.folder().file(String.format(Locale.ROOT, "samples/ema_epoch_%03d.png", epoch)));
        }
    }

    private void draw(GanSpec spec, long seed, Device dev) {
        Generator gen = Generator.derive(seed, RandomStream.FIXED_NOISE);
        if (spec.classes() == 0) {
            z = Latent.sample(gen, columns * columns, spec.latent(), DType.FLOAT32, dev);
            condition = null;
            return;
        }
        int k = spec.classes();
        Tensor base = Latent.sample(gen, columns, spec.latent(), DType.FLOAT32, dev);
        z = base.reshape(1, columns, spec.latent()).expand(k, columns, spec.latent()).contiguous()
                .reshape(k * columns, spec.latent());
        int[] labels = new int[k * columns];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / columns;
        }
        condition = Conditions.oneHot(labels, k, z);
    }
}
