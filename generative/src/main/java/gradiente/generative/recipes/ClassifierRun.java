package gradiente.generative.recipes;

import gradiente.generative.classify.Evaluation;
import gradiente.generative.training.MetricHistory;
import gradiente.generative.training.RunFolder;
import gradiente.generative.training.RunRecord;
import gradiente.mnist.Dataset;
import gradiente.nn.Sequential;
import java.util.Map;

/**
 * One {@link ClassifierTraining} run: the network, the training and test sets, the run folder and settings,
 * and after {@code fit} the metric history, the final {@link Evaluation} on the test set and the summary of
 * {@code metrics.json}.
 */
public final class ClassifierRun extends RunRecord {
    private final ClassifierTraining recipe;
    private final Sequential model;
    private final Dataset train;
    private final Dataset test;
    private Evaluation evaluation;

    ClassifierRun(ClassifierTraining recipe, Sequential model, Dataset train, Dataset test, RunFolder folder,
                  Map<String, String> settings) {
        super(folder, settings);
        this.recipe = recipe;
        this.model = model;
        this.train = train;
        this.test = test;
    }

    public ClassifierTraining recipe() {
        return recipe;
    }

    /** The classifier: images {@code [N,1,H,W]} to logits {@code [N,K]}. */
    public Sequential model() {
        return model;
    }

    public Dataset train() {
        return train;
    }

    public Dataset test() {
        return test;
    }

    /** The final model's evaluation on the test set; null until training has finished. */
    public Evaluation evaluation() {
        return evaluation;
    }

    void finish(MetricHistory h, Evaluation ev) {
        history(h);
        this.evaluation = ev;
    }
}
