package gradiente.generative.recipes;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.generative.gan.Latent;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.generative.vae.Vae;
import gradiente.mnist.Dataset;
import gradiente.mnist.image.ImageGrid;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * After every epoch of a VAE: {@code columns x columns} decodings of the same {@code z ~ N(0, I)} (drawn once
 * from the run's seed) as {@code samples/epoch_NNN.png} and {@code samples.png}, and
 * {@code reconstructions.png}: pairs of rows, test images above their reconstructions (the decoder's mean at
 * {@code z = mu}).
 */
public final class VaeImages implements TrainingListener<VaeRun> {
    private final int columns;
    private Tensor fixedZ;
    private ImageGrid grid;

    public VaeImages(int columns) {
        if (columns < 1) {
            throw new SettingException("VaeImages", "grid", "must be >= 1, got " + columns);
        }
        this.columns = columns;
    }

    @Override
    public void started(VaeRun run) throws IOException {
        Files.createDirectories(run.folder().file("samples"));
        grid = ImageGrid.defaults().columns(columns).scale(2);
        fixedZ = Latent.sample(Generator.derive(run.recipe().seed(), RandomStream.FIXED_NOISE), columns * columns, run.recipe().latent(),
                DType.FLOAT32, run.recipe().device());
    }

    @Override
    public void epochEnded(VaeRun run, EpochReport report) throws IOException {
        Vae vae = run.vae();
        grid.write(vae.generate(fixedZ), run.folder().file(String.format(Locale.ROOT, "samples/epoch_%03d.png", report.epoch())));
        grid.write(vae.generate(fixedZ), run.folder().file("samples.png"));
        writeReconstructions(vae, run.test(), run.folder().file("reconstructions.png"), run.recipe().device());
    }

    private void writeReconstructions(Vae vae, Dataset test, Path png, Device dev) throws IOException {
        int n = Math.min(columns * Math.max(1, columns / 2), test.size());
        int cols = columns;
        Tensor x = test.images().narrow(0, 0, n).to(dev);
        Tensor rec;
        try (var scope = GradMode.noGrad()) {
            rec = vae.generate(vae.encode(new Variable(x))[0].data());
        }
        Tensor[] rows = new Tensor[2 * ((n + cols - 1) / cols)];
        for (int r = 0, i = 0; r < n; r += cols, i += 2) {
            int k = Math.min(cols, n - r);
            rows[i] = x.narrow(0, r, k);
            rows[i + 1] = rec.narrow(0, r, k);
        }
        ImageGrid.defaults().columns(cols).scale(2).write(Tensor.concat(0, rows).to(Device.CPU), png);
    }
}
