package gradiente.generative.bayes;

import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * Bernoulli Naive Bayes on binarised pixels: {@code p(x|y=c) = prod_d theta_cd^x_d (1-theta_cd)^(1-x_d)}
 * with {@code theta_cd} the smoothed frequency of pixel d being on in class c,
 * {@code theta_cd = (count_cd + alpha) / (n_c + 2 alpha)} (Laplace smoothing keeps log 0 away), and the
 * prior {@code p(y=c) = n_c / N}.
 */
public final class BernoulliNaiveBayes implements NaiveBayes {
    private final Tensor logPrior;     // [C]
    private final Tensor theta;        // [C, D]
    private final double threshold;

    private BernoulliNaiveBayes(Tensor logPrior, Tensor theta, double threshold) {
        this.logPrior = logPrior;
        this.theta = theta;
        this.threshold = threshold;
    }

    /**
     * Fits the model.
     *
     * @param images    [N, D] grey levels in [0, 1]
     * @param labels    [N] class indices
     * @param threshold a pixel is on when its grey level exceeds this (0.5 is usual)
     * @param alpha     Laplace smoothing count (1 is usual)
     */
    public static BernoulliNaiveBayes fit(Tensor images, Tensor labels, int numClasses, double threshold, double alpha) {
        NaiveBayes.checkData("bernoulli naive bayes", images, labels);
        int[] counts = NaiveBayes.classCounts(labels, numClasses);
        Tensor x = images.gt(threshold);
        Tensor oneHot = NaiveBayes.oneHot(labels, numClasses, x);           // [N, C]
        Tensor on = oneHot.t().matmul(x);                                   // [C, D]
        double[] nc = new double[numClasses];
        double[] prior = new double[numClasses];
        int n = images.size(0);
        for (int c = 0; c < numClasses; c++) {
            nc[c] = counts[c] + 2 * alpha;
            prior[c] = Math.log(Math.max(counts[c], 1e-300) / n);
        }
        Tensor denom = Tensor.of(nc, images.device(), numClasses, 1).to(x.dtype());
        Tensor theta = on.add(alpha).div(denom);
        return new BernoulliNaiveBayes(Tensor.of(prior, images.device(), numClasses).to(x.dtype()), theta, threshold);
    }

    @Override
    public int numClasses() {
        return theta.size(0);
    }

    /** The per-class pixel probabilities {@code theta} as [C, D]. */
    public Tensor theta() {
        return theta;
    }

    @Override
    public Tensor jointLogLikelihood(Tensor images) {
        Tensor x = images.gt(threshold);
        Tensor logOn = theta.log();
        Tensor logOff = theta.neg().add(1.0).log();
        // sum_d x_d log theta_cd + (1 - x_d) log(1 - theta_cd) = x @ (logOn - logOff)^T + sum_d logOff_cd
        Tensor ll = x.matmul(logOn.sub(logOff).t()).add(logOff.sum(1));
        return ll.add(logPrior);
    }

    @Override
    public Tensor sample(int digit, int n, Generator gen) {
        Tensor probs = theta.select(0, digit).unsqueeze(0).expand(n, theta.size(1)).contiguous();
        return Tensor.bernoulli(gen, probs);
    }
}
