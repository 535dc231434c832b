package gradiente.generative.bayes;

import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * A Naive Bayes model (seed 000 section 2.3.1): a class prior {@code p(y)} and a class-conditional
 * {@code p(x|y)} under which the features (pixels) are independent, so {@code log p(x|y)} is a sum
 * over features. Classification applies Bayes' theorem in log space,
 * {@code argmax_y [log p(y) + log p(x|y)]} (the evidence {@code p(x)} is the same for every class);
 * generation samples every pixel independently from {@code p(x|y)}, which is why the samples of seed
 * 000 figure 5 are noisy.
 *
 * <p>Shapes: images {@code [N, D]} with values in [0, 1]; labels {@code [N]} holding class indices.
 */
public interface NaiveBayes {
    /** Number of classes. */
    int numClasses();

    /** {@code log p(y) + log p(x|y)} for every image and class: {@code [N, C]}. */
    Tensor jointLogLikelihood(Tensor images);

    /** Posterior {@code p(y|x)} by Bayes' theorem, normalised with a stable softmax: {@code [N, C]}. */
    default Tensor posterior(Tensor images) {
        return jointLogLikelihood(images).softmax(1);
    }

    /** The most probable class of each image: {@code [N]}. */
    default Tensor predict(Tensor images) {
        return jointLogLikelihood(images).argmax(1, false);
    }

    /** Fraction of images whose predicted class equals the label. */
    default double accuracy(Tensor images, Tensor labels) {
        Tensor hits = predict(images).eq(labels.to(images.dtype()));
        return hits.mean().item();
    }

    /** New images drawn from {@code p(x|y = digit)}: {@code [n, D]}. */
    Tensor sample(int digit, int n, Generator gen);

    /** Counts of each class in a label tensor. */
    static int[] classCounts(Tensor labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (double v : labels.toDoubleArray()) {
            int c = (int) v;
            if (c != v || c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("naive bayes: label " + v + " is not a class index in [0, "
                        + numClasses + ")");
            }
            counts[c]++;
        }
        return counts;
    }

    /** A [N, C] one-hot matrix of the labels (same dtype as {@code like}). */
    static Tensor oneHot(Tensor labels, int numClasses, Tensor like) {
        double[] v = labels.toDoubleArray();
        double[] oh = new double[v.length * numClasses];
        for (int i = 0; i < v.length; i++) {
            oh[i * numClasses + (int) v[i]] = 1;
        }
        return Tensor.of(oh, like.device(), v.length, numClasses).to(like.dtype());
    }

    /** Checks the image/label shapes shared by both models. */
    static void checkData(String op, Tensor images, Tensor labels) {
        if (images.rank() != 2) {
            throw new IllegalArgumentException(op + ": images must be [N, D], got " + images.shapeString());
        }
        if (labels.rank() != 1 || labels.size(0) != images.size(0)) {
            throw new IllegalArgumentException(op + ": labels " + labels.shapeString() + " do not match images "
                    + images.shapeString());
        }
    }
}
