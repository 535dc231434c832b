package gradiente.cli;

import gradiente.generative.gan.Conditions;
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
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gradiente sample}: a grid of new images from a trained generator (any GAN) or VAE decoder. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = {
        "Draws z ~ N(0, I) and writes the generated images as a grid PNG. A conditional GAN makes the digit of",
        "--digit, or without it one row per digit; other models make --count images."})
public final class SampleCommand implements CliCommand, Callable<Integer> {
    /** Where the trained model is: a run folder or a generator file. */
    static final class Source {
        @Option(names = "--run", paramLabel = "DIR", description = "run folder of a train command (uses its generator.safetensors)")
        Path run;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "a generator file (generator*.safetensors)")
        Path checkpoint;

        LatentDecoder load() throws IOException {
            if ((run == null) == (checkpoint == null)) {
                throw new IllegalArgumentException("give exactly one of --run DIR and --checkpoint FILE");
            }
            return Decoders.load(run != null ? run : checkpoint);
        }
    }

    @CommandLine.Mixin
    Source source = new Source();

    @Option(names = "--digit", description = "class to generate (conditional GAN only)")
    Integer digit;

    @Option(names = "--count", defaultValue = "64", description = "number of images (default ${DEFAULT-VALUE}; "
            + "a conditional GAN without --digit makes one row of --columns per class)")
    int count;

    @Option(names = "--columns", defaultValue = "0", description = "grid columns (0: square-ish; default ${DEFAULT-VALUE})")
    int columns;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the latent vectors (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        LatentDecoder dec = source.load();
        Generator gen = new Generator(seed);
        int n = count;
        int[] labels = null;
        int cols = columns;
        if (dec.classes() > 0) {
            if (digit != null) {
                checkDigit(digit, dec.classes());
                labels = new int[n];
                java.util.Arrays.fill(labels, digit);
            } else {
                cols = columns > 0 ? columns : 10;
                n = cols * dec.classes();
                labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = i / cols;
                }
            }
        } else if (digit != null) {
            throw new IllegalArgumentException("--digit needs a conditional model (train cgan); this is " + dec.model());
        }
        if (n < 1) {
            throw new IllegalArgumentException("--count must be >= 1, got " + n);
        }
        SizeChecks.images(n, dec.latentDim(), dec.classes() > 0 && digit == null ? "--columns" : "--count");
        Tensor z = Latent.sample(gen, n, dec.latentDim(), DType.FLOAT32, Device.CPU);
        Tensor c = labels == null ? null : Conditions.oneHot(labels, dec.classes(), z);
        Tensor images = dec.decode(z, c);
        grid(dec, cols).write(images, out);
        System.out.printf(Locale.ROOT, "%d images of %s%s written to %s%n", n, dec.model(),
                digit != null ? " (digit " + digit + ")" : "", out);
        return 0;
    }

    static void checkDigit(int d, int classes) {
        if (d < 0 || d >= classes) {
            throw new IllegalArgumentException("digit " + d + " is outside 0.." + (classes - 1));
        }
    }

    static ImageGrid grid(LatentDecoder dec, int cols) {
        return ImageGrid.defaults().columns(cols).range(dec.scaling().lo(), dec.scaling().hi()).scale(2);
    }
}
