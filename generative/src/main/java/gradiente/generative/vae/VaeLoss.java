package gradiente.generative.vae;

import gradiente.autograd.Variable;
import gradiente.generative.training.SettingException;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;

/**
 * The VAE's negative evidence lower bound (seed 000 eq. 16-17), one-sample estimate per image:
 * <pre>
 *   -ELBO(x) = KL( q(z|x) || p(z) ) - E_q ln p(x|z)
 *            = -1/2 sum_j (1 + ln sigma_j^2 - mu_j^2 - sigma_j^2)  +  recon(x, decoder(z)),  z = mu + sigma * eps
 * </pre>
 * with the KL term in closed form (prior {@code N(0, I)}, eq. 17) and the reconstruction term one of:
 * <ul>
 *   <li>{@link Likelihood#BERNOULLI}: {@code -ln p(x|z) = sum_i BCE(x_i, sigmoid(l_i))} over the pixels,
 *       computed from the decoder's logits {@code l} as {@code softplus(l) - x l} (grey levels in [0, 1]
 *       act as soft targets, as in Kingma and Welling's MNIST experiments);</li>
 *   <li>{@link Likelihood#GAUSSIAN}: {@code p(x|z) = N(x; sigmoid(l), s^2 I)} with a fixed {@code s}:
 *       {@code -ln p = sum_i (x_i - m_i)^2 / (2 s^2) + D/2 ln(2 pi s^2)}, i.e. the MSE scaled by
 *       {@code 1/(2 s^2)} plus a constant, so that it too is in nats.</li>
 * </ul>
 * <b>Reduction:</b> both terms are summed over the latent dimensions and pixels of an image, then
 * averaged over the images of the batch; the loss is therefore the negative ELBO in nats per image.
 */
public final class VaeLoss {
    private VaeLoss() {
    }

    /** The decoder's likelihood {@code p(x | z)}. */
    public enum Likelihood {
        BERNOULLI, GAUSSIAN;

        public static Likelihood parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "bernoulli", "bce" -> BERNOULLI;
                case "gaussian", "mse" -> GAUSSIAN;
                default -> throw new SettingException("VaeLoss", "likelihood", "must be bernoulli or gaussian, got '" + s + "'");
            };
        }
    }

    /** The terms of a batch's loss, each in nats per image (mean over the batch). */
    public record Terms(Variable negElbo, Variable kl, Variable recon) {
    }

    /**
     * The loss of a batch.
     *
     * @param x      images {@code [N, 1, H, W]} in [0, 1]
     * @param logits decoder output {@code [N, 1, H, W]} (pre-sigmoid)
     * @param mu     encoder means {@code [N, d]}
     * @param logVar encoder log-variances {@code ln sigma^2 [N, d]}
     * @param sigma  the Gaussian likelihood's fixed standard deviation (ignored for Bernoulli)
     */
    public static Terms of(Variable x, Variable logits, Variable mu, Variable logVar, Likelihood likelihood, double sigma) {
        if (!java.util.Arrays.equals(x.shape(), logits.shape())) {
            throw new IllegalArgumentException("VaeLoss: images " + x.data().shapeString() + " and decoder output "
                    + logits.data().shapeString() + " differ in shape");
        }
        int n = x.size(0);
        Variable kl = Losses.gaussianKl(mu, logVar, Reduction.MEAN);
        Variable perPixel;
        if (likelihood == Likelihood.BERNOULLI) {
            perPixel = Losses.bceWithLogits(logits, x, Reduction.NONE);
        } else {
            if (!(sigma > 0)) {
                throw new IllegalArgumentException("VaeLoss: the Gaussian likelihood needs sigma > 0, got " + sigma);
            }
            perPixel = logits.sigmoid().sub(x).square().mul(1 / (2 * sigma * sigma))
                    .add(0.5 * Math.log(2 * Math.PI * sigma * sigma));
        }
        Variable recon = perPixel.sum().div(n);
        return new Terms(kl.add(recon), kl, recon);
    }
}
