package gradiente.cli;

import gradiente.generative.metrics.EvalClassifier;
import gradiente.generative.metrics.GenerativeEvaluation;
import gradiente.generative.metrics.ImageSource;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.LatentDecoder;
import gradiente.generative.sample.Samples;
import gradiente.generative.training.JsonText;
import gradiente.tensor.io.AtomicFiles;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxReader;
import gradiente.tensor.Backends;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente eval-gen --run DIR | --images FILE.idx}: scores generated digits with the fixed
 * evaluation classifier (issue 5, {@link GenerativeEvaluation}). The contract with the generative
 * models' commands: a run folder holds its generated images as {@code samples.idx} (IDX3 unsigned
 * bytes, 0 = black, 255 = white, as MNIST) and, for a conditional model, the requested class of each
 * in {@code samples-labels.idx} (IDX1).
 */
@Command(name = "eval-gen", mixinStandardHelpOptions = true, description = {
        "Score generated digits with the fixed evaluation classifier (the thesis CNN kept in the repository with",
        "its SHA-256): the class histogram with the mode-collapse alarm (a digit under 5%% or over 20%%), the mean",
        "confidence, and the Frechet distance between the classifier's penultimate features of the generated",
        "images and of the 10,000 test images (MNIST FID), printed as fid=... with the real-vs-real floor beside it.",
        "Input: --run DIR (its samples.idx, and samples-labels.idx for a conditional model, whose agreement is",
        "printed as conditional_accuracy=...), --images FILE (IDX3 unsigned bytes, e.g. 10,000 28x28 images), or",
        "--generator FILE|DIR (a trained GAN generator or VAE decoder draws --count images; a conditional one",
        "is asked for digit i mod 10 for image i).",
        "With --run the scores are also written to DIR/eval-gen.json."})
public final class EvalGenCommand implements CliCommand, Callable<Integer> {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final class Input {
        @Option(names = "--run", paramLabel = "DIR", description = "run folder holding " + Samples.IDX)
        Path run;

        @Option(names = "--images", paramLabel = "FILE", description = "IDX3 file of generated images (unsigned bytes)")
        Path images;

        @Option(names = "--generator", paramLabel = "FILE|DIR", description = "a generator file, or a run folder's "
                + Decoders.FINAL + ": draws --count new images with --seed")
        Path generator;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX1 file of the class each image was generated as (conditional models)")
    Path labels;

    @Option(names = "--count", defaultValue = "10000", description = "images to score, the first N of the file (default ${DEFAULT-VALUE}; fewer if the file has fewer)")
    int count;

    @Option(names = "--classifier", paramLabel = "FILE", description = "evaluation classifier file with FILE.sha256 (default: the one in the repository)")
    Path classifier;

    @Option(names = "--recompute-real", description = "compute the real images' statistics and floor from --data instead of taking the classifier file's")
    boolean recomputeReal;

    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @Option(names = "--seed", defaultValue = "1", description = "seed of the latent vectors with --generator (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch", defaultValue = "500", description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--json", paramLabel = "FILE", description = "write the scores as JSON (default with --run: DIR/eval-gen.json)")
    Path json;

    @Option(names = "--device", description = "cpu, cuda, cuda:N or auto (default: $GRADIENTE_DEVICE, else cpu)")
    String device;

    @Override
    public Integer call() throws IOException {
        Device dev = device == null ? Backends.defaultDevice() : Backends.resolve(device);
        EvalClassifier cls = (classifier != null ? EvalClassifier.load(classifier) : EvalClassifier.bundled()).to(dev);
        Images in = input.generator != null ? fromGenerator() : fromFile(cls);
        int n = in.n();
        if (n < 2) {
            throw new IllegalArgumentException("eval-gen: " + n + " images to score; the Frechet distance needs at least"
                    + " 2 (10,000 is the convention)");
        }
        EvalClassifier.RealStats real = cls.realStats();
        if (real == null || recomputeReal) {
            DatasetFiles files = where.files(false);
            Dataset test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
            Dataset train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
            real = GenerativeEvaluation.realStats(cls, test, train, batch);
        }
        System.out.printf(Locale.ROOT, "eval-gen: %d images from %s; evaluation classifier %s (sha256 %s, test accuracy %s);"
                + " real statistics: %s%n", n, in.from(), classifier != null ? classifier : EvalClassifier.RESOURCE,
                cls.sha256() == null ? "?" : cls.sha256().substring(0, 12), cls.info().getOrDefault("test_accuracy", "?"),
                real.description());
        SizeChecks.batch("--batch", Math.min(batch, n), true, 64, false);
        GenerativeEvaluation ev = GenerativeEvaluation.of(cls, in.source(), n, batch, real, in.wanted());
        Path jsonFile = json != null ? json : input.run != null ? input.run.resolve("eval-gen.json") : null;
        if (jsonFile != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", in.from());
            m.put("classifier_sha256", cls.sha256());
            m.put("real_images", real.description());
            m.putAll(ev.toMap());
            AtomicFiles.writeString(jsonFile, JsonText.of(m));
            System.out.println("scores written to " + jsonFile);
        }
        System.out.print(ev.report());
        return 0;
    }

    /** What to score: how many images, where they come from, and the requested classes (or null). */
    private record Images(int n, ImageSource source, int[] wanted, String from) {
    }

    private Images fromGenerator() throws IOException {
        LatentDecoder dec = Decoders.load(input.generator);
        SizeChecks.images(count, dec.latentDim(), "--count");
        return new Images(count, ImageSource.of(dec, new Generator(seed), batch), ImageSource.requestedClasses(dec, count),
                dec.model() + " generator " + input.generator + " (seed " + seed + ")");
    }

    private Images fromFile(EvalClassifier cls) throws IOException {
        Path file = input.run != null ? input.run.resolve(Samples.IDX) : input.images;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("eval-gen: there are no generated images at " + file
                    + (input.run != null ? "; a run folder must hold " + Samples.IDX + " (IDX3 unsigned bytes), which"
                    + " the train gan|dcgan|wgan|wgan-gp|cgan|vae commands write at the end of a run (or score its"
                    + " generator with --generator " + input.run + ")" : ""));
        }
        Path labelFile = labels != null ? labels
                : input.run != null && Files.isRegularFile(input.run.resolve(Samples.LABELS_IDX))
                ? input.run.resolve(Samples.LABELS_IDX) : null;
        IdxImages idx = IdxReader.readImages(file);
        int h = cls.network().height();
        int w = cls.network().width();
        if (idx.rows() != h || idx.cols() != w) {
            throw new IllegalArgumentException("eval-gen: " + file + " holds " + idx.rows() + "x" + idx.cols()
                    + " images but the evaluation classifier reads " + h + "x" + w + " digits");
        }
        int n = Math.min(count, idx.count());
        int[] wanted = null;
        if (labelFile != null) {
            int[] all = IdxReader.readLabels(labelFile, cls.network().classes());
            if (all.length < n) {
                throw new IllegalArgumentException("eval-gen: " + labelFile + " holds " + all.length
                        + " labels, fewer than the " + n + " images scored");
            }
            wanted = Arrays.copyOf(all, n);
        }
        Dataset generated = Dataset.fromBytes(file.getFileName().toString(), idx, new int[idx.count()],
                DIGITS, Scaling.ZERO_ONE);
        return new Images(n, ImageSource.of(generated.images()), wanted, file.toString());
    }
}
