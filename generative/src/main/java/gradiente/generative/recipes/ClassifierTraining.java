package gradiente.generative.recipes;

import gradiente.generative.classify.ClassifierKind;
import gradiente.generative.classify.ClassifierStep;
import gradiente.generative.classify.Evaluation;
import gradiente.generative.training.EpochLoop;
import gradiente.generative.training.MetricHistory;
import gradiente.generative.training.Recipe;
import gradiente.generative.training.RecipeBuilder;
import gradiente.generative.training.RunFolder;
import gradiente.generative.training.RunFolderLock;
import gradiente.mnist.Dataset;
import gradiente.mnist.batch.DataLoader;
import gradiente.nn.Sequential;
import gradiente.nn.optim.Adam;
import gradiente.nn.train.TrainState;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a thesis 4.1 classifier ({@link ClassifierKind#MLP}, {@link ClassifierKind#CNN}) the way
 * {@code ./gradiente train mlp|cnn} does: Adam on the mean categorical cross-entropy
 * {@code L = -(1/B) sum_i log softmax(z_i)[y_i]} ({@link ClassifierStep}), the test set's loss and accuracy
 * after every epoch ({@code test_loss}, {@code test_accuracy}), a resumable checkpoint, {@code metrics.csv}
 * and the curves in the run folder; after the last epoch the final {@link Evaluation} is in the returned run.
 * <pre>
 *   ClassifierRun run = ClassifierTraining.of(ClassifierKind.MLP).epochs(10).runFolder(dir).build().fit(train, test);
 *   double accuracy = run.evaluation().accuracy();
 * </pre>
 * Unset settings are the thesis' values for the model ({@link ClassifierKind#defaultEpochs()} and so on).
 */
public final class ClassifierTraining extends Recipe<ClassifierTraining.Builder> {
    private ClassifierTraining(Builder b) {
        super(b);
    }

    /** A recipe with {@code kind}'s defaults. */
    public static Builder of(ClassifierKind kind) {
        return new Builder(kind);
    }

    /** Settings of a recipe. */
    public static final class Builder extends RecipeBuilder<Builder, ClassifierRun> {
        private final ClassifierKind kind;
        private double dropout;
        private int filters;

        private Builder(ClassifierKind kind) {
            this.kind = kind;
            epochs(kind.defaultEpochs());
            batch(kind.defaultBatch());
            lr(kind.defaultLearningRate());
            this.dropout = kind.defaultDropout();
            this.filters = kind.defaultFilters();
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder dropout(double p) {
            this.dropout = p;
            return this;
        }

        /** Filters per convolution (CNN; 0 for a model without convolutions). */
        public Builder filters(int n) {
            this.filters = n;
            return this;
        }

        public ClassifierTraining build() {
            complete("ClassifierTraining");
            return new ClassifierTraining(this);
        }
    }

    public ClassifierKind kind() {
        return b.kind;
    }

    public double dropout() {
        return b.dropout;
    }

    /** The run folder: the one given, else {@code runs/KIND}. */
    public Path runFolder() {
        return b.runFolder(b.kind.id());
    }

    /** Trains on {@code train} (pixels in [0, 1]) and evaluates on {@code test} after every epoch and at the end. */
    public ClassifierRun fit(Dataset train, Dataset test) throws IOException {
        RunFolder folder = b.openRunFolder(b.kind.id());
        Device dev = b.device();
        Generator masks = Generator.derive(b.seed(), RandomStream.DROPOUT);
        Sequential model = b.kind.build(train.height(), train.width(), train.numClasses(), b.dropout, b.filters,
                Generator.derive(b.seed(), RandomStream.INIT), masks);
        model.to(dev);
        Adam adam = new Adam(model.namedParameters(), b.lr());
        ClassifierRun run = new ClassifierRun(this, model, train, test, folder, settings(train));
        b.listeners().started(run);
        int evalBatch = Math.max(b.batch(), 1000);
        MetricHistory history = EpochLoop.over(DataLoader.of(train, b.batch()).shuffled(b.seed()).on(dev),
                        new TrainState(model, adam, Map.of("dropout", masks)), folder)
                .epochs(b.epochs()).settings(run.settings()).progress(b.progress()).log(b.log()).guard(b.guard())
                .step(new ClassifierStep(model, adam))
                .after(epoch -> {
                    Evaluation ev = Evaluation.of(model, test, evalBatch, dev);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("test_loss", ev.loss());
                    m.put("test_accuracy", ev.accuracy());
                    return b.listeners().epochEnded(run, epoch, Map.of(), m);
                })
                .build().run(b.resume());
        run.finish(history, Evaluation.of(model, test, evalBatch, dev));
        summarise(run);
        b.listeners().finished(run);
        RunFolderLock.release(folder.dir());
        return run;
    }

    private Map<String, String> settings(Dataset train) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("model", b.kind.id());
        s.put("dataset", train.name());
        s.put("train_images", Integer.toString(train.size()));
        s.put("batch", Integer.toString(b.batch()));
        s.put("lr", Double.toString(b.lr()));
        s.put("dropout", Double.toString(b.dropout));
        s.put("seed", Long.toString(b.seed()));
        if (b.filters > 0) {
            s.put("filters", Integer.toString(b.filters));
        }
        return s;
    }

    private void summarise(ClassifierRun run) {
        Evaluation ev = run.evaluation();
        MetricHistory history = run.history();
        double[] seconds = history.values("seconds");
        Map<String, Object> summary = run.summary();
        summary.put("model", b.kind.id());
        summary.put("dataset", run.train().name());
        summary.put("train_images", run.train().size());
        summary.put("batch", b.batch());
        summary.put("lr", b.lr());
        summary.put("dropout", b.dropout);
        summary.put("seed", b.seed());
        if (b.filters > 0) {
            summary.put("filters", b.filters);
        }
        summary.put("test_images", run.test().size());
        summary.put("parameters", run.model().numParameters());
        summary.put("epochs", history.size());
        summary.put("device", b.device().toString());
        summary.put("seconds_per_epoch", seconds);
        summary.put("mean_seconds_per_epoch", Arrays.stream(seconds).average().orElse(Double.NaN));
        summary.put("train_loss", history.values("loss"));
        summary.put("train_accuracy", history.values("accuracy"));
        summary.put("test_accuracy_per_epoch", history.values("test_accuracy"));
        summary.put("test_loss", ev.loss());
        summary.put("per_class_accuracy", ev.confusion().perClassAccuracy());
        summary.put("test_accuracy", ev.accuracy());
    }
}
