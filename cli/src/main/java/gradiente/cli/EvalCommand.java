package gradiente.cli;

import gradiente.generative.classify.CheckpointMatch;
import gradiente.generative.classify.ClassifierKind;
import gradiente.generative.classify.ClassifierReport;
import gradiente.generative.classify.Evaluation;
import gradiente.mnist.Dataset;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.nn.Sequential;
import gradiente.tensor.Backends;
import gradiente.tensor.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente eval --model mlp|cnn --checkpoint FILE}: evaluates a trained classifier on the test
 * split (thesis 4.1): overall and per-class accuracy, the confusion matrix (text and PNG) and the grid
 * of the most confidently misclassified images (figure 69).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = {
        "Evaluate a trained classifier (train mlp|cnn) on the test images: overall and per-class accuracy,",
        "the confusion matrix (text and confusion.png) and mistakes.png, the test images misclassified with",
        "the highest confidence. The last line is test_accuracy=..."})
public final class EvalCommand implements CliCommand, Callable<Integer> {
    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @Option(names = "--model", paramLabel = "mlp|cnn", description = "the network the checkpoint holds (default: the one recorded in the checkpoint)")
    String model;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "checkpoint.safetensors written by train mlp|cnn")
    Path checkpoint;

    @Option(names = "--split", defaultValue = "test", description = "test or train (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--out", description = "folder for confusion.png and mistakes.png (default: the checkpoint's folder)")
    Path out;

    @Option(names = "--batch", defaultValue = "1000", description = "evaluation batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--mistakes", defaultValue = "10", description = "confident mistakes shown in mistakes.png (default ${DEFAULT-VALUE})")
    int mistakes;

    @Option(names = "--device", description = "cpu, cuda, cuda:N or auto (default: $GRADIENTE_DEVICE, else cpu)")
    String device;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new IllegalArgumentException("eval: checkpoint " + checkpoint + " does not exist or is not a file; "
                    + "'train mlp' and 'train cnn' write checkpoint.safetensors into their --out folder (runs/mlp, runs/cnn)");
        }
        Dataset data = Dataset.load(where.files(false), Split.parse(split), Scaling.ZERO_ONE);
        CheckpointMatch.Restored restored = CheckpointMatch.restore("eval", checkpoint,
                model != null ? ClassifierKind.parse(model) : null, data.height(), data.width(), data.numClasses());
        ClassifierKind kind = restored.kind();
        Sequential net = restored.net();
        Map<String, String> info = restored.info();
        Device dev = device == null ? Backends.defaultDevice() : Backends.resolve(device);
        net.to(dev);
        System.out.printf(Locale.ROOT, "%s from %s (trained %s epochs), %,d parameters, on %s%n", kind.id(), checkpoint,
                info.getOrDefault("epoch", "?"), net.numParameters(), dev);
        Path dir = out != null ? out : checkpoint.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        SizeChecks.batch("--batch", Math.min(batch, data.size()), kind == ClassifierKind.CNN,
                Integer.parseInt(info.getOrDefault("setting.filters", "64")), false);
        Evaluation ev = Evaluation.of(net, data, batch, dev);
        ClassifierReport.write(ev, data, dir, mistakes, System.out);
        System.out.printf(Locale.ROOT, "%s_accuracy=%.4f%n", split.toLowerCase(Locale.ROOT), ev.accuracy());
        return 0;
    }
}
