package gradiente.generative.recipes;

import gradiente.generative.gan.Conditions;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.Latent;
import gradiente.generative.sample.Samples;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.idx.IdxWriter;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;

/**
 * When training has finished, {@code count} images of the final G as IDX3 bytes in {@code samples.idx}
 * (what {@code eval-gen --run} scores); a conditional model's requested classes are {@code i mod classes},
 * written to {@code samples-labels.idx}. Adds {@code samples_file} and {@code samples} to the summary.
 */
public final class GanSamples implements TrainingListener<GanRun> {
    private static final int CHUNK = 500;
    private final int count;

    /** @param count images to write, 0 for none */
    public GanSamples(int count) {
        if (count < 0) {
            throw new SettingException("GanSamples", "samples", "must be >= 0, got " + count);
        }
        this.count = count;
    }

    @Override
    public void finished(GanRun run) throws IOException {
        if (count > 0) {
            write(run);
        }
        run.summary().put("samples_file", Samples.IDX);
        run.summary().put("samples", count);
    }

    private void write(GanRun run) throws IOException {
        GanSpec spec = run.spec();
        Device dev = run.device();
        Generator gen = Generator.derive(run.recipe().seed(), RandomStream.FINAL_SAMPLES);
        int[] labels = new int[count];
        Tensor[] parts = new Tensor[(count + CHUNK - 1) / CHUNK];
        for (int start = 0, p = 0; start < count; start += CHUNK, p++) {
            int n = Math.min(CHUNK, count - start);
            Tensor z = Latent.sample(gen, n, spec.latent(), DType.FLOAT32, dev);
            Tensor c = null;
            if (spec.classes() > 0) {
                int[] l = new int[n];
                for (int i = 0; i < n; i++) {
                    l[i] = (start + i) % spec.classes();
                    labels[start + i] = l[i];
                }
                c = Conditions.oneHot(l, spec.classes(), z);
            }
            parts[p] = run.generator().generate(z, c).to(Device.CPU);
        }
        Samples.writeIdx(run.folder().file(Samples.IDX), Tensor.concat(0, parts), spec.scaling());
        if (spec.classes() > 0) {
            IdxWriter.writeLabels(run.folder().file(Samples.LABELS_IDX), labels, false);
        }
    }
}
