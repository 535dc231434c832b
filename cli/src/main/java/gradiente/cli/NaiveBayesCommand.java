package gradiente.cli;

import gradiente.generative.bayes.BernoulliNaiveBayes;
import gradiente.generative.bayes.GaussianNaiveBayes;
import gradiente.generative.bayes.NaiveBayes;
import gradiente.tensor.io.AtomicFiles;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.image.ImageGrid;
import gradiente.mnist.plot.ConfusionMatrix;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente train nb}: the Naive Bayes models of seed 000 section 2.3.1 on MNIST (or
 * Fashion-MNIST). Fits the Bernoulli model on binarised pixels and the Gaussian model on grey levels,
 * reports test accuracy, per-class accuracy and the confusion matrix of each, and writes a grid of
 * samples drawn from every class (one row per class, seed 000 figure 5).
 */
@Command(name = "nb", mixinStandardHelpOptions = true,
        description = "Seed 000 2.3.1: Bernoulli and Gaussian Naive Bayes on MNIST; accuracy, confusion matrices, sample grids.")
public final class NaiveBayesCommand implements TrainTarget, Callable<Integer> {
    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @Option(names = "--threshold", defaultValue = "0.5", description = "Bernoulli: a pixel is on above this grey level (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--alpha", defaultValue = "1", description = "Bernoulli: Laplace smoothing count (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--smoothing", defaultValue = "0.1", description = "Gaussian: fraction of the largest pixel variance added to every variance (default ${DEFAULT-VALUE})")
    double smoothing;

    @Option(names = "--train-size", defaultValue = "0", description = "use only the first N training images (0 = all)")
    int trainSize;

    @Option(names = "--samples", defaultValue = "10", description = "samples per class in the grids (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the samplers (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "runs/nb", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws IOException {
        DatasetFiles files = where.files(false);
        Dataset train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        if (trainSize > 0) {
            train = train.slice(0, Math.min(trainSize, train.size()));
        }
        Dataset test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
        Files.createDirectories(out);
        Tensor xTrain = train.flatImages().to(DType.FLOAT64);
        Tensor yTrain = train.labelTensor(DType.FLOAT64);
        Tensor xTest = test.flatImages().to(DType.FLOAT64);
        int classes = train.numClasses();
        System.out.printf(Locale.ROOT, "naive bayes on %s: %d training images, %d test images%n", train.name(), train.size(), test.size());

        Map<String, NaiveBayes> models = new LinkedHashMap<>();
        models.put("bernoulli", BernoulliNaiveBayes.fit(xTrain, yTrain, classes, threshold, alpha));
        models.put("gaussian", GaussianNaiveBayes.fit(xTrain, yTrain, classes, smoothing));

        StringBuilder json = new StringBuilder("{\"dataset\": \"" + train.name() + "\", \"train_images\": " + train.size()
                + ", \"test_images\": " + test.size());
        List<String> finals = new ArrayList<>();
        Generator gen = new Generator(seed);
        for (var e : models.entrySet()) {
            String name = e.getKey();
            NaiveBayes model = e.getValue();
            int[] predicted = model.predict(xTest).toIntArray();
            ConfusionMatrix cm = ConfusionMatrix.of(test.labels(), predicted, test.classNames());
            System.out.printf(Locale.ROOT, "%n%s naive bayes: test accuracy %.4f%n", name, cm.accuracy());
            System.out.print(cm.toTable());
            cm.writePng(out.resolve(name + "-confusion.png"));
            Tensor grid = sampleGrid(model, classes, gen, train.height(), train.width());
            ImageGrid.defaults().columns(samples).scale(2).write(grid, out.resolve(name + "-samples.png"));
            System.out.println("wrote " + out.resolve(name + "-samples.png") + " (one row of samples per class) and "
                    + out.resolve(name + "-confusion.png"));
            json.append(String.format(Locale.ROOT, ", \"%s_test_accuracy\": %.6f", name, cm.accuracy()));
            finals.add(String.format(Locale.ROOT, "%s_test_accuracy=%.4f", name, cm.accuracy()));
        }
        json.append("}\n");
        AtomicFiles.writeString(out.resolve("metrics.json"), json.toString());
        System.out.println();
        System.out.println(String.join(" ", finals));
        return 0;
    }

    private Tensor sampleGrid(NaiveBayes model, int classes, Generator gen, int h, int w) {
        List<Tensor> rows = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            rows.add(model.sample(c, samples, gen));
        }
        return Tensor.concat(0, rows.toArray(new Tensor[0])).reshape(classes * samples, 1, h, w);
    }
}
