package gradiente.cli;

import gradiente.generative.classify.ClassifierKind;
import gradiente.generative.recipes.ClassifierReportFiles;
import gradiente.generative.recipes.ClassifierRun;
import gradiente.generative.recipes.ClassifierTraining;
import gradiente.generative.training.MetricsJson;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.tensor.Backends;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente train mlp|cnn}: trains a thesis 4.1 classifier with Adam and categorical
 * cross-entropy, evaluating on the test split after every epoch, checkpointing into {@code --out} and
 * resuming with {@code --resume}; ends with the evaluation report and the line {@code test_accuracy=...}.
 * Subclasses name the {@link ClassifierKind}; unset options take the thesis' values for it.
 */
abstract class ClassifierTrainCommand implements TrainTarget, Callable<Integer> {
    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @CommandLine.Mixin
    RunSafety safety = new RunSafety();

    @Option(names = "--epochs", description = "number of epochs (default: the thesis' value for the model)")
    Integer epochs;

    @Option(names = "--batch", description = "mini-batch size (default: the thesis' value for the model)")
    Integer batch;

    @Option(names = "--lr", description = "Adam step size (default 0.001)")
    Double lr;

    @Option(names = "--dropout", description = "dropout probability (default: the model's)")
    Double dropout;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the initial weights, shuffling and dropout (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder: checkpoint, metrics.json, metrics.csv, curves, confusion matrix (default runs/MODEL)")
    Path out;

    @Option(names = "--device", description = "cpu, cuda, cuda:N or auto (default: $GRADIENTE_DEVICE, else cpu)")
    String device;

    @Option(names = "--resume", description = "continue the run in --out from its checkpoint (same settings, more --epochs)")
    boolean resume;

    @Option(names = "--train-size", defaultValue = "0", description = "use only the first N training images (0 = all)")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "0", description = "use only the first N test images (0 = all)")
    int testSize;

    @Option(names = "--mistakes", defaultValue = "10", description = "confident mistakes shown in mistakes.png (default ${DEFAULT-VALUE})")
    int mistakes;

    /** Which network this command trains. */
    abstract ClassifierKind kind();

    /** Filters per convolution asked for on the command line, or null for the model's default. */
    Integer filters() {
        return null;
    }

    @Override
    public Integer call() throws IOException {
        ClassifierKind kind = kind();
        ClassifierTraining.Builder b = ClassifierTraining.of(kind).seed(seed).resume(resume)
                .device(device == null ? Backends.defaultDevice() : Backends.resolve(device))
                .runFolder(out != null ? out : Path.of("runs", kind.id()));
        b.epochs(epochs != null ? epochs : kind.defaultEpochs()).batch(batch != null ? batch : kind.defaultBatch())
                .lr(lr != null ? lr : kind.defaultLearningRate()).dropout(dropout != null ? dropout : kind.defaultDropout())
                .filters(filters() != null ? filters() : kind.defaultFilters());
        safety.apply(b);
        ClassifierTraining recipe = b.listener(new Console(System.out)).listener(new ClassifierReportFiles(mistakes, System.out))
                .listener(new MetricsJson()).listener(new Footer(System.out)).build();
        DatasetFiles files = where.files(false);
        Dataset train = firstN(Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE), trainSize);
        Dataset test = firstN(Dataset.load(files, Split.TEST, Scaling.ZERO_ONE), testSize);
        int nFilters = filters() != null ? filters() : kind.defaultFilters();
        SizeChecks.batch("--batch", Math.min(recipe.batch(), train.size()), nFilters > 0, nFilters, true);
        recipe.fit(train, test);
        return 0;
    }

    /** The settings line and the network before training. */
    private record Console(PrintStream out) implements TrainingListener<ClassifierRun> {
        @Override
        public void started(ClassifierRun run) {
            ClassifierTraining r = run.recipe();
            out.printf(Locale.ROOT, "%s on %s: %d training and %d test images, %,d parameters, batch %d, %d epochs, "
                    + "Adam lr %s, dropout %s, seed %d, device %s%n", r.kind().id(), run.train().name(), run.train().size(),
                    run.test().size(), run.model().numParameters(), r.batch(), r.epochs(), r.lr(), r.dropout(), r.seed(),
                    r.device());
            out.println(run.model());
        }
    }

    /** Seconds per epoch, the run folder and the last line {@code test_accuracy=...}. */
    private record Footer(PrintStream out) implements TrainingListener<ClassifierRun> {
        @Override
        public void finished(ClassifierRun run) {
            double[] seconds = run.history().values("seconds");
            double meanSeconds = Arrays.stream(seconds).average().orElse(Double.NaN);
            out.printf(Locale.ROOT, "seconds per epoch: mean %.2f over %d epochs %s; run folder %s%n", meanSeconds,
                    seconds.length, Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 100) / 100.0).toArray()),
                    run.folder().dir());
            out.printf(Locale.ROOT, "test_accuracy=%.4f%n", run.evaluation().accuracy());
        }
    }

    private static Dataset firstN(Dataset d, int n) {
        return n > 0 && n < d.size() ? d.slice(0, n) : d;
    }
}
