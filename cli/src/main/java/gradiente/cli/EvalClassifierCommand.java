package gradiente.cli;

import gradiente.generative.classify.ClassifierKind;
import gradiente.generative.classify.CheckpointMatch;
import gradiente.generative.classify.CnnClassifier;
import gradiente.generative.classify.Evaluation;
import gradiente.generative.metrics.EvalClassifier;
import gradiente.generative.metrics.GenerativeEvaluation;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.tensor.Backends;
import gradiente.tensor.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente eval-classifier --checkpoint runs/eval-cnn/checkpoint.safetensors}: turns a
 * {@code train cnn} checkpoint into the fixed evaluation classifier of {@code eval-gen}
 * ({@link EvalClassifier}): the weights alone, the statistics of its penultimate features on the test
 * images, the real-vs-real floor (test images against as many training images), and the SHA-256.
 */
@Command(name = "eval-classifier", mixinStandardHelpOptions = true, description = {
        "Make the fixed evaluation classifier of eval-gen from a 'train cnn' checkpoint: writes its weights, the",
        "mean and covariance of its penultimate (dense 64) features on the test images, the real-vs-real FID floor",
        "(test images vs the first as-many training images) and FILE.sha256. The repository's copy was made with",
        "  ./gradiente train cnn --seed 1234 --out runs/eval-cnn",
        "  ./gradiente eval-classifier --checkpoint runs/eval-cnn/checkpoint.safetensors"})
public final class EvalClassifierCommand implements CliCommand, Callable<Integer> {
    /** Where the repository keeps the bundled classifier (relative to the repository root). */
    static final Path BUNDLED = Path.of("generative/src/main/resources/gradiente/generative/metrics", EvalClassifier.RESOURCE);

    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "checkpoint.safetensors written by train cnn")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", description = "classifier file to write (default: the repository's resource, "
            + "generative/src/main/resources/gradiente/generative/metrics/eval-cnn.safetensors)")
    Path out;

    @Option(names = "--batch", defaultValue = "500", description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--device", description = "cpu, cuda, cuda:N or auto (default: $GRADIENTE_DEVICE, else cpu)")
    String device;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new IllegalArgumentException("eval-classifier: checkpoint " + checkpoint + " does not exist; train one with"
                    + " './gradiente train cnn --seed 1234 --out runs/eval-cnn'");
        }
        Map<String, String> meta = SafeTensors.read(checkpoint).metadata();
        DatasetFiles files = where.files(false);
        Dataset test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
        Dataset train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        CnnClassifier net = (CnnClassifier) CheckpointMatch.restore("eval-classifier", checkpoint, ClassifierKind.CNN,
                test.height(), test.width(), test.numClasses()).net();
        String filters = meta.getOrDefault("info.setting.filters", Integer.toString(CnnClassifier.DEFAULT_FILTERS));
        Device dev = device == null ? Backends.defaultDevice() : Backends.resolve(device);
        net.to(dev);
        EvalClassifier classifier = new EvalClassifier(net).to(dev);
        double accuracy = Evaluation.of(net, test, batch, dev).accuracy();
        EvalClassifier.RealStats real = GenerativeEvaluation.realStats(classifier, test, train, batch);

        Map<String, String> info = new LinkedHashMap<>();
        info.put("model", "cnn");
        info.put("source", checkpoint.getFileName().toString());
        for (String k : new String[] {"seed", "batch", "lr", "dropout", "filters", "train_images", "dataset"}) {
            String v = meta.get("info.setting." + k);
            if (v != null) {
                info.put(k, v);
            }
        }
        info.put("epochs", meta.getOrDefault("info.epoch", "?"));
        info.put("height", Integer.toString(test.height()));
        info.put("width", Integer.toString(test.width()));
        info.put("test_accuracy", String.format(Locale.ROOT, "%.4f", accuracy));
        Path file = out != null ? out : BUNDLED;
        String sha = EvalClassifier.save(file, net, real, info);
        System.out.printf(Locale.ROOT, "evaluation classifier: cnn with %s filters, %s epochs, seed %s, test accuracy %.4f%n",
                filters, info.get("epochs"), info.getOrDefault("seed", "?"), accuracy);
        System.out.printf(Locale.ROOT, "real-vs-real floor: fid=%.4f between %s%n", real.floor(), real.description());
        System.out.println("wrote " + file + " and " + file.getFileName() + EvalClassifier.SHA_SUFFIX + " (sha256 " + sha + ")");
        return 0;
    }
}
