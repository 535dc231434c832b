package gradiente.cli;

import gradiente.generative.gan.Conditions;
import gradiente.generative.gan.Latent;
import gradiente.generative.sample.LatentDecoder;
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

/**
 * {@code ./gradiente interpolate}: thesis figures 55-56, walks in the latent space. Each row joins two
 * random latent vectors {@code z_a, z_b} in {@code --steps} points, linearly or along the great circle
 * ({@code --mode spherical}). For a conditional GAN, {@code --from-digit a --to-digit b} instead keeps
 * each row's {@code z} and moves the class vector from one-hot {@code a} to one-hot {@code b}.
 */
@Command(name = "interpolate", mixinStandardHelpOptions = true, description = {
        "Latent interpolation (thesis figures 55-56): each row goes from G(z_a) to G(z_b) in --steps images,",
        "linearly or spherically. A conditional GAN with --from-digit A --to-digit B keeps z and morphs the class",
        "vector from A to B (one row per z); without them each row keeps one class (row r: digit r mod 10)."})
public final class InterpolateCommand implements CliCommand, Callable<Integer> {
    @CommandLine.Mixin
    SampleCommand.Source source = new SampleCommand.Source();

    @Option(names = "--steps", defaultValue = "10", description = "images per row, ends included (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--rows", defaultValue = "6", description = "number of interpolations (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--mode", defaultValue = "linear", description = "linear or spherical (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--from-digit", description = "conditional GAN: class at the start of each row")
    Integer fromDigit;

    @Option(names = "--to-digit", description = "conditional GAN: class at the end of each row")
    Integer toDigit;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the latent vectors (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        LatentDecoder dec = source.load();
        SizeChecks.images((double) rows * steps, dec.latentDim(), "--rows or --steps");
        boolean spherical = switch (mode.toLowerCase(Locale.ROOT)) {
            case "linear" -> false;
            case "spherical", "slerp" -> true;
            default -> throw new IllegalArgumentException("--mode: expected linear or spherical, got '" + mode + "'");
        };
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be >= 1, got " + rows);
        }
        boolean acrossClasses = fromDigit != null || toDigit != null;
        if (acrossClasses && (dec.classes() == 0 || fromDigit == null || toDigit == null)) {
            throw new IllegalArgumentException(dec.classes() == 0 ? "--from-digit/--to-digit need a conditional model (train cgan)"
                    : "give both --from-digit and --to-digit");
        }
        Generator gen = new Generator(seed);
        int d = dec.latentDim();
        Tensor[] zs = new Tensor[rows];
        Tensor[] cs = new Tensor[rows];
        for (int r = 0; r < rows; r++) {
            Tensor ab = Latent.sample(gen, 2, d, DType.FLOAT32, Device.CPU);
            if (acrossClasses) {
                SampleCommand.checkDigit(fromDigit, dec.classes());
                SampleCommand.checkDigit(toDigit, dec.classes());
                zs[r] = ab.narrow(0, 0, 1).expand(steps, d).contiguous();
                Tensor ca = Conditions.oneHot(new int[] {fromDigit}, dec.classes(), ab);
                Tensor cb = Conditions.oneHot(new int[] {toDigit}, dec.classes(), ab);
                cs[r] = Latent.linear(ca, cb, steps);
            } else {
                Tensor a = ab.narrow(0, 0, 1);
                Tensor b = ab.narrow(0, 1, 1);
                zs[r] = spherical ? Latent.spherical(a, b, steps) : Latent.linear(a, b, steps);
                if (dec.classes() > 0) {
                    int[] l = new int[steps];
                    java.util.Arrays.fill(l, r % dec.classes());
                    cs[r] = Conditions.oneHot(l, dec.classes(), ab);
                }
            }
        }
        Tensor z = Tensor.concat(0, zs);
        Tensor c = dec.classes() > 0 ? Tensor.concat(0, cs) : null;
        SampleCommand.grid(dec, steps).write(dec.decode(z, c), out);
        System.out.printf(Locale.ROOT, "%d %s interpolations of %d steps (%s) of %s written to %s%n", rows,
                acrossClasses ? "class (" + fromDigit + " to " + toDigit + ")" : "latent", steps,
                acrossClasses ? "linear in the class vector" : spherical ? "spherical" : "linear", dec.model(), out);
        return 0;
    }
}
