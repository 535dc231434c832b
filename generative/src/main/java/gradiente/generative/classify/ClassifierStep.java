package gradiente.generative.classify;

import gradiente.autograd.Variable;
import gradiente.generative.training.EpochLoop;
import gradiente.nn.train.RunningMeans;
import gradiente.mnist.batch.Batch;
import gradiente.nn.Layer;
import gradiente.nn.losses.Losses;
import gradiente.nn.metrics.Accuracy;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Tensor;

/**
 * One step of mini-batch gradient descent on a classifier (thesis 2.3, 4.1): logits {@code z = f(x)}
 * for images {@code x [B,1,H,W]}, the mean categorical cross-entropy
 * {@code L = -(1/B) sum_i log softmax(z_i)[y_i]}, backpropagation, and the optimiser's update.
 * Records {@code loss} and {@code accuracy} (fraction of the batch whose arg-max logit is its label).
 */
public final class ClassifierStep implements EpochLoop.BatchStep {
    private final Layer model;
    private final Optimizer optimizer;

    public ClassifierStep(Layer model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    @Override
    public void step(Batch batch, RunningMeans metrics) {
        optimizer.zeroGrad();
        Variable logits = model.forward(new Variable(batch.images()));
        Variable loss = Losses.crossEntropy(logits, batch.labelTensor(logits.data().dtype()), Reduction.MEAN);
        loss.backward();
        optimizer.step();
        int n = batch.size();
        metrics.add("loss", loss.item(), n);
        metrics.add("accuracy", (double) correct(logits.data(), batch.labels()) / n, n);
    }

    /** How many rows of {@code logits [B,K]} have their largest entry at the label. */
    static int correct(Tensor logits, int[] labels) {
        return Accuracy.correct(logits, labels);
    }
}
