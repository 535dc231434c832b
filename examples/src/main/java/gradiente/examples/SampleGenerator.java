package gradiente.examples;

import gradiente.generative.gan.Latent;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.LatentDecoder;
import gradiente.mnist.image.ImageGrid;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Samples a saved generator: {@code generator.safetensors} describes its own architecture, so the file alone
 * rebuilds it ({@link Decoders#load}); {@code z ~ N(0, I)} from a seed goes through {@code G(z)} and the images
 * become a PNG grid.
 */
public final class SampleGenerator {
    private SampleGenerator() {
    }

    /** Writes {@code columns x columns} samples of the run's (or file's) generator to {@code png}; returns them. */
    public static Tensor sample(Path runOrFile, int columns, long seed, Path png) throws IOException {
        LatentDecoder g = Decoders.load(runOrFile);
        if (g.classes() > 0) {
            throw new IllegalArgumentException("SampleGenerator: " + runOrFile + " is a conditional " + g.model()
                    + "; this example samples unconditional generators");
        }
        Tensor z = Latent.sample(new Generator(seed), columns * columns, g.latentDim(), DType.FLOAT32, Device.CPU);
        Tensor images = g.decode(z, null);
        ImageGrid.defaults().columns(columns).range(g.scaling().lo(), g.scaling().hi()).scale(2).write(images, png);
        return images;
    }

    public static void main(String[] args) throws IOException {
        sample(Path.of(args[0]), 8, 1, Path.of(args.length > 1 ? args[1] : "samples.png"));
        System.out.println("wrote " + (args.length > 1 ? args[1] : "samples.png"));
    }
}
