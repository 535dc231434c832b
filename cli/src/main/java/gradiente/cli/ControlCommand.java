package gradiente.cli;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.generative.classify.CheckpointMatch;
import gradiente.generative.sample.LatentDecoder;
import gradiente.generative.sample.LatentDirection;
import gradiente.mnist.Scaling;
import gradiente.nn.Sequential;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gradiente control}: controlled generation (thesis 3.3) with a classifier's help. */
@Command(name = "control", mixinStandardHelpOptions = true, description = {
        "Controlled generation (thesis 3.3): generates --count images, lets a classifier (train mlp|cnn) name their",
        "digits, takes v = mean z of class --to minus mean z of class --from, and walks z + t v (t = 0..--scale) from",
        "images of class --from. Writes the walks as rows of a grid and prints how many end classified as --to."})
public final class ControlCommand implements CliCommand, Callable<Integer> {
    @CommandLine.Mixin
    SampleCommand.Source source = new SampleCommand.Source();

    @Option(names = "--classifier", required = true, paramLabel = "FILE", description = "checkpoint.safetensors of train mlp or train cnn")
    Path classifier;

    @Option(names = "--from", required = true, description = "class the walks start from")
    int from;

    @Option(names = "--to", required = true, description = "class the direction points to")
    int to;

    @Option(names = "--count", defaultValue = "5000", description = "latent vectors drawn to find the direction (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--rows", defaultValue = "8", description = "walks shown (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--steps", defaultValue = "8", description = "images per walk (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--scale", defaultValue = "1.5", description = "walk length in units of v (default ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the latent vectors (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        LatentDecoder dec = source.load();
        SizeChecks.images(count, dec.latentDim(), "--count");
        Sequential net = CheckpointMatch.restore("control", classifier, null, 28, 28, 10).net();
        net.eval();
        Scaling range = dec.scaling();
        Function<Tensor, int[]> classify = images -> {
            Tensor x = range == Scaling.ZERO_ONE ? images : images.add(-range.lo()).mul(1.0 / (range.hi() - range.lo()));
            try (var scope = GradMode.noGrad()) {
                Tensor pred = net.forward(new Variable(x)).data().argmax(1, false);
                double[] p = pred.toDoubleArray();
                int[] out = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    out[i] = (int) p[i];
                }
                return out;
            }
        };
        LatentDirection dir = LatentDirection.find(dec, classify, from, to, count, new Generator(seed));
        Tensor z = dir.walks(rows, steps, scale);
        Tensor images = dec.decode(z, null);
        SampleCommand.grid(dec, steps).write(images, out);
        int k = z.size(0) / steps;
        int[] cls = classify.apply(images);
        int ended = 0;
        for (int r = 0; r < k; r++) {
            if (cls[r * steps + steps - 1] == to) {
                ended++;
            }
        }
        System.out.printf(Locale.ROOT, "direction from %d to %d: %d and %d of %d generated images; |v| = %.3f%n", from, to,
                dir.fromCount(), dir.toCount(), count, Math.sqrt(dir.direction().square().sum().item()));
        System.out.printf(Locale.ROOT, "%d walks of %d steps written to %s; %d of %d end classified as %d%n", k, steps, out,
                ended, k, to);
        return 0;
    }
}
