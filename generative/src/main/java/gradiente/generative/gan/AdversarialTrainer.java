package gradiente.generative.gan;

import gradiente.tensor.Tensor;
import java.util.Map;

/**
 * One training iteration of an adversarial pair on a mini-batch of real images. Implementations keep
 * the networks, their optimisers and the random source of the latent noise.
 */
public interface AdversarialTrainer {
    /**
     * Runs one iteration (a discriminator/critic update, and a generator update when due).
     *
     * @param real   real images {@code [B, C, H, W]}
     * @param labels their classes (used by conditional models; may be null for unconditional ones)
     * @return the iteration's measurements by name, e.g. {@code loss_d}, {@code loss_g}, {@code d_real},
     *         {@code d_fake}; a generator measurement is NaN when the generator was not updated
     */
    Map<String, Double> step(Tensor real, int[] labels);

    GeneratorNet generator();

    DiscriminatorNet discriminator();
}
