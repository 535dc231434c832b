package gradiente.cli;

import gradiente.generative.classify.ClassifierKind;
import gradiente.generative.classify.ClassifierReport;
import gradiente.generative.classify.ClassifierStep;
import gradiente.generative.classify.Evaluation;
import gradiente.generative.train.EpochLoop;
import gradiente.generative.train.MetricHistory;
import gradiente.generative.train.RunFolder;
import gradiente.generative.train.TrainState;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.batch.DataLoader;
import gradiente.nn.Sequential;
import gradiente.nn.optim.Adam;
import gradiente.tensor.Backends;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
        int nEpochs = epochs != null ? epochs : kind.defaultEpochs();
        int batchSize = batch != null ? batch : kind.defaultBatch();
        double rate = lr != null ? lr : kind.defaultLearningRate();
        double p = dropout != null ? dropout : kind.defaultDropout();
        int nFilters = filters() != null ? filters() : kind.defaultFilters();
        Device dev = device == null ? Backends.defaultDevice() : Backends.resolve(device);
        RunFolder folder = safety.open(out != null ? out : Path.of("runs", kind.id()), resume);

        DatasetFiles files = where.files(false);
        Dataset train = firstN(Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE), trainSize);
        Dataset test = firstN(Dataset.load(files, Split.TEST, Scaling.ZERO_ONE), testSize);

        SizeChecks.batch("--batch", Math.min(batchSize, train.size()), nFilters > 0, nFilters, true);
        Generator masks = Generator.derive(seed, RandomStream.DROPOUT);
        Sequential model = kind.build(train.height(), train.width(), train.numClasses(), p, nFilters, Generator.derive(seed, RandomStream.INIT),
                masks);
        model.to(dev);
        Adam adam = new Adam(model.namedParameters(), rate);
        System.out.printf(Locale.ROOT, "%s on %s: %d training and %d test images, %,d parameters, batch %d, %d epochs, "
                + "Adam lr %s, dropout %s, seed %d, device %s%n", kind.id(), train.name(), train.size(), test.size(),
                model.numParameters(), batchSize, nEpochs, rate, p, seed, dev);
        System.out.println(model);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", kind.id());
        settings.put("dataset", train.name());
        settings.put("train_images", Integer.toString(train.size()));
        settings.put("batch", Integer.toString(batchSize));
        settings.put("lr", Double.toString(rate));
        settings.put("dropout", Double.toString(p));
        settings.put("seed", Long.toString(seed));
        if (nFilters > 0) {
            settings.put("filters", Integer.toString(nFilters));
        }
        int evalBatch = Math.max(batchSize, 1000);
        MetricHistory history = EpochLoop.over(DataLoader.of(train, batchSize).shuffled(seed).on(dev),
                        new TrainState(model, adam, Map.of("dropout", masks)), folder)
                .epochs(nEpochs).settings(settings).step(new ClassifierStep(model, adam)).guard(safety.guard("--lr " + rate))
                .after(epoch -> {
                    Evaluation ev = Evaluation.of(model, test, evalBatch, dev);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("test_loss", ev.loss());
                    m.put("test_accuracy", ev.accuracy());
                    return m;
                })
                .build().run(resume);

        System.out.println();
        Evaluation ev = Evaluation.of(model, test, evalBatch, dev);
        ClassifierReport.write(ev, test, folder.dir(), mistakes, System.out);
        double[] seconds = history.values("seconds");
        double meanSeconds = Arrays.stream(seconds).average().orElse(Double.NaN);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", kind.id());
        summary.put("dataset", train.name());
        summary.put("train_images", train.size());
        summary.put("batch", batchSize);
        summary.put("lr", rate);
        summary.put("dropout", p);
        summary.put("seed", seed);
        if (nFilters > 0) {
            summary.put("filters", nFilters);
        }
        summary.put("test_images", test.size());
        summary.put("parameters", model.numParameters());
        summary.put("epochs", history.size());
        summary.put("device", dev.toString());
        summary.put("seconds_per_epoch", seconds);
        summary.put("mean_seconds_per_epoch", meanSeconds);
        summary.put("train_loss", history.values("loss"));
        summary.put("train_accuracy", history.values("accuracy"));
        summary.put("test_accuracy_per_epoch", history.values("test_accuracy"));
        summary.put("test_loss", ev.loss());
        summary.put("per_class_accuracy", ev.confusion().perClassAccuracy());
        summary.put("test_accuracy", ev.accuracy());
        folder.writeMetricsJson(summary);
        System.out.printf(Locale.ROOT, "seconds per epoch: mean %.2f over %d epochs %s; run folder %s%n", meanSeconds,
                seconds.length, Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 100) / 100.0).toArray()),
                folder.dir());
        System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", ev.accuracy());
        return 0;
    }

    private static Dataset firstN(Dataset d, int n) {
        return n > 0 && n < d.size() ? d.slice(0, n) : d;
    }
}
