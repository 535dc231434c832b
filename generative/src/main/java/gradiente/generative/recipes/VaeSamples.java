package gradiente.generative.recipes;

import gradiente.generative.gan.Latent;
import gradiente.generative.sample.Samples;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.Scaling;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;

/** When a VAE has finished training, {@code count} decodings of {@code z ~ N(0, I)} as IDX3 bytes in {@code samples.idx}. */
public final class VaeSamples implements TrainingListener<VaeRun> {
    private static final int CHUNK = 500;
    private final int count;

    public VaeSamples(int count) {
        if (count < 0) {
            throw new SettingException("VaeSamples", "samples", "must be >= 0, got " + count);
        }
        this.count = count;
    }

    @Override
    public void finished(VaeRun run) throws IOException {
        if (count <= 0) {
            return;
        }
        Generator gen = Generator.derive(run.recipe().seed(), RandomStream.FINAL_SAMPLES);
        Tensor[] parts = new Tensor[(count + CHUNK - 1) / CHUNK];
        for (int s = 0, p = 0; s < count; s += CHUNK, p++) {
            parts[p] = run.vae().generate(Latent.sample(gen, Math.min(CHUNK, count - s), run.recipe().latent(), DType.FLOAT32,
                    run.recipe().device())).to(Device.CPU);
        }
        Samples.writeIdx(run.folder().file(Samples.IDX), Tensor.concat(0, parts), Scaling.ZERO_ONE);
    }
}
