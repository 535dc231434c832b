package gradiente.nn.losses;

import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;
import java.util.Arrays;

/**
 * Loss functions, each written with numerically stable formulas and differentiable to any order
 * (they are compositions of autograd operations). Element-wise losses take a prediction and a target
 * of the same shape; {@link Reduction#MEAN} averages over every element.
 */
public final class Losses {
    /** Probabilities are clamped to [{@value}, 1] inside the logarithms of {@link #bce}. */
    public static final double BCE_EPS = 1e-12;

    private Losses() {
    }

    private static void sameShape(String op, Variable a, Variable b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": prediction " + a.data().shapeString() + " and target "
                    + b.data().shapeString() + " shapes differ");
        }
    }

    /** Mean squared error, {@code (y - t)^2}. */
    public static Variable mse(Variable prediction, Variable target, Reduction r) {
        sameShape("mse", prediction, target);
        return r.reduce(prediction.sub(target).square());
    }

    /** Mean absolute error, {@code |y - t|} (gradient sign(y - t), 0 at equality). */
    public static Variable l1(Variable prediction, Variable target, Reduction r) {
        sameShape("l1", prediction, target);
        return r.reduce(prediction.sub(target).abs());
    }

    /**
     * Binary cross-entropy on probabilities p in [0, 1] (the GAN discriminator loss, seed 002 ch. 3):
     * {@code -(t ln p + (1 - t) ln(1 - p))}, with p and 1 - p clamped to at least {@link #BCE_EPS} so
     * that a saturated prediction gives a large finite loss instead of infinity (its gradient is 0 there).
     */
    public static Variable bce(Variable probability, Variable target, Reduction r) {
        sameShape("bce", probability, target);
        Variable logP = probability.clamp(BCE_EPS, 1).log();
        Variable logQ = probability.neg().add(1.0).clamp(BCE_EPS, 1).log();
        Variable oneMinusT = target.neg().add(1.0);
        return r.reduce(target.mul(logP).add(oneMinusT.mul(logQ)).neg());
    }

    /**
     * Binary cross-entropy on logits z, {@code bce(sigmoid(z), t)} computed stably as
     * {@code softplus(z) - t z} (softplus itself is evaluated without overflow).
     */
    public static Variable bceWithLogits(Variable logits, Variable target, Reduction r) {
        sameShape("bceWithLogits", logits, target);
        return r.reduce(logits.softplus().sub(target.mul(logits)));
    }

    /**
     * Negative log-likelihood of integer class labels under log-probabilities {@code [N, K]}:
     * {@code -logp[i, label_i]}; labels {@code [N]} hold integers in [0, K).
     */
    public static Variable nll(Variable logProbabilities, Tensor labels, Reduction r) {
        Variable lp = logProbabilities;
        if (lp.rank() != 2) {
            throw new IllegalArgumentException("nll: log-probabilities must be [N, K], got " + lp.data().shapeString());
        }
        int n = lp.size(0);
        int k = lp.size(1);
        if (labels.rank() != 1 || labels.size(0) != n) {
            throw new IllegalArgumentException("nll: labels " + labels.shapeString() + " do not match log-probabilities "
                    + lp.data().shapeString() + " (expected [" + n + "])");
        }
        double[] y = labels.toDoubleArray();
        for (int i = 0; i < n; i++) {
            if (y[i] != Math.rint(y[i]) || y[i] < 0 || y[i] >= k) {
                throw new IllegalArgumentException("nll: label " + y[i] + " of sample " + i + " is not a class in [0, "
                        + k + ")");
            }
        }
        Tensor index = labels.to(lp.data().dtype()).to(lp.data().device()).reshape(n, 1);
        return r.reduce(lp.gather(1, index).reshape(n).neg());
    }

    /**
     * Categorical cross-entropy from logits {@code [N, K]} and integer labels {@code [N]} (thesis 4.1):
     * {@code -log softmax(z)[label]}, with the stable log-softmax {@code z - max - log sum e^(z - max)}.
     */
    public static Variable crossEntropy(Variable logits, Tensor labels, Reduction r) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, K], got " + logits.data().shapeString());
        }
        return nll(logits.logSoftmax(1), labels, r);
    }

    /**
     * Categorical cross-entropy from logits {@code [N, K]} and target distributions {@code [N, K]}
     * (e.g. one-hot rows): {@code -sum_k t_k log softmax(z)_k} per sample.
     */
    public static Variable crossEntropy(Variable logits, Variable targetDistribution, Reduction r) {
        sameShape("crossEntropy", logits, targetDistribution);
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, K], got " + logits.data().shapeString());
        }
        return r.reduce(targetDistribution.mul(logits.logSoftmax(1)).sum(1, false).neg());
    }

    /**
     * KL divergence of the VAE encoder's Gaussian {@code N(mu, sigma^2)} from the prior {@code N(0, I)}
     * (seed 000 eq. 17): {@code -1/2 sum_j (1 + ln sigma_j^2 - sigma_j^2 - mu_j^2)}, given {@code mu} and
     * {@code logVar = ln sigma^2} of shape {@code [N, D]}. The sum runs over the latent dimensions; the
     * reduction then applies over the N samples (NONE gives {@code [N]}).
     */
    public static Variable gaussianKl(Variable mu, Variable logVar, Reduction r) {
        if (!Arrays.equals(mu.shape(), logVar.shape()) || mu.rank() != 2) {
            throw new IllegalArgumentException("gaussianKl: mu " + mu.data().shapeString() + " and logVar "
                    + logVar.data().shapeString() + " must both be [N, D]");
        }
        Variable inner = logVar.add(1.0).sub(mu.square()).sub(logVar.exp());
        return r.reduce(inner.sum(1, false).mul(-0.5));
    }

    /**
     * The WGAN critic loss (seed 002 ch. 3), to be minimised by the critic:
     * {@code mean(D(fake)) - mean(D(real))}, the negated estimate of the Wasserstein-1 distance.
     */
    public static Variable wassersteinCritic(Variable realScores, Variable fakeScores) {
        return fakeScores.mean().sub(realScores.mean());
    }

    /** The WGAN generator loss, {@code -mean(D(G(z)))}. */
    public static Variable wassersteinGenerator(Variable fakeScores) {
        return fakeScores.mean().neg();
    }
}
