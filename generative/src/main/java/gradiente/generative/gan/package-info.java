/**
 * Generative adversarial networks (seed 002 chapter 3, seed 004, seed 000 eq. 6): a generator
 * {@code G(z)} mapping latent noise {@code z ~ N(0, I)} to images {@code [N, 1, H, W]} and a
 * discriminator (or critic) {@code D(x)} scoring images, trained against each other.
 *
 * <ul>
 *   <li>{@link gradiente.generative.gan.GeneratorNet} and {@link gradiente.generative.gan.DiscriminatorNet}
 *       wrap any body of layers and add the optional class condition (thesis 3.3, conditional GAN);</li>
 *   <li>{@link gradiente.generative.gan.MlpNets} builds seed 004's one-hidden-layer MLPs,
 *       {@link gradiente.generative.gan.DcganNets} thesis 4.2's DCGAN (and its suggested variants), and
 *       {@link gradiente.generative.gan.GanSpec} names an architecture so a saved generator can be rebuilt;</li>
 *   <li>{@link gradiente.generative.gan.Gan} is the thesis' Algorithm 1 with binary cross-entropy
 *       and the non-saturating generator loss; {@link gradiente.generative.gan.Wgan} the Wasserstein
 *       GAN with weight clipping or the {@link gradiente.generative.gan.GradientPenalty};</li>
 *   <li>{@link gradiente.generative.gan.Latent} draws and interpolates latent vectors.</li>
 * </ul>
 */
package gradiente.generative.gan;
