package gradiente.generative.classify;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.mnist.Dataset;
import gradiente.mnist.batch.Batch;
import gradiente.mnist.batch.DataLoader;
import gradiente.mnist.plot.ConfusionMatrix;
import gradiente.nn.Layer;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.tensor.Device;
import gradiente.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A classifier's predictions on a data set (thesis 4.1, "Evaluación del clasificador"): the predicted
 * class is the arg-max of the softmax probabilities {@code p = softmax(z)}, its confidence is that
 * largest probability; the mean cross-entropy is reported as {@code loss}.
 *
 * @param labels     true class of each image
 * @param predicted  predicted class of each image
 * @param confidence the predicted class's probability
 * @param loss       mean categorical cross-entropy
 * @param classNames class names of the data set
 */
public record Evaluation(int[] labels, int[] predicted, double[] confidence, double loss, List<String> classNames) {

    /** The batch size of {@link #of(Layer, Dataset)}. */
    public static final int DEFAULT_BATCH = 500;

    /**
     * {@link #of(Layer, Dataset, int, Device)} in batches of {@value #DEFAULT_BATCH} on the device of the
     * model's parameters (the CPU for a model without any).
     */
    public static Evaluation of(Layer model, Dataset data) {
        Device device = model.parameters().isEmpty() ? Device.CPU : model.parameters().get(0).data().device();
        return of(model, data, DEFAULT_BATCH, device);
    }

    /** The test accuracy in one call: {@code Evaluation.accuracy(model, Mnist.test())}. */
    public static double accuracy(Layer model, Dataset data) {
        return of(model, data).accuracy();
    }

    /** Runs {@code model} in evaluation mode (dropout off) without recording a graph, in batches. */
    public static Evaluation of(Layer model, Dataset data, int batchSize, Device device) {
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = data.size();
        int[] predicted = new int[n];
        double[] confidence = new double[n];
        double lossSum = 0;
        try (var scope = GradMode.noGrad()) {
            for (Batch b : DataLoader.of(data, batchSize).on(device).epoch(0)) {
                Variable logits = model.forward(new Variable(b.images()));
                lossSum += Losses.crossEntropy(logits, b.labelTensor(logits.data().dtype()), Reduction.SUM).item();
                Tensor p = logits.data().softmax(1);
                double[] arg = p.argmax(1, false).toDoubleArray();
                double[] max = p.max(1, false).toDoubleArray();
                for (int i = 0; i < b.size(); i++) {
                    predicted[b.indices()[i]] = (int) arg[i];
                    confidence[b.indices()[i]] = max[i];
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(data.labels().clone(), predicted, confidence, lossSum / n, data.classNames());
    }

    /** Fraction of images classified correctly. */
    public double accuracy() {
        long right = IntStream.range(0, labels.length).filter(i -> labels[i] == predicted[i]).count();
        return (double) right / labels.length;
    }

    /** Rows: true class, columns: predicted class (thesis figure 68). */
    public ConfusionMatrix confusion() {
        return ConfusionMatrix.of(labels, predicted, classNames);
    }

    /** Indices of the (at most {@code k}) misclassified images with the highest confidence, most confident first. */
    public int[] mostConfidentMistakes(int k) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] != predicted[i]).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -confidence[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "Evaluation(" + labels.length + " images, accuracy " + accuracy() + ", loss " + loss + ", predicted "
                + Arrays.toString(Arrays.copyOf(predicted, Math.min(10, predicted.length))) + "...)";
    }
}
