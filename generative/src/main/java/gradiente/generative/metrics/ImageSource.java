package gradiente.generative.metrics;

import gradiente.tensor.Tensor;

/**
 * Where {@code eval-gen} gets the images it scores: an IDX file, or a trained generator. A GAN or VAE
 * command adapts its generator with a lambda, e.g.
 * {@code n -> g.generate(Latent.normal(gen, n, d), null)} (pixels mapped to [0, 1] first when the
 * generator ends in a tanh).
 */
@FunctionalInterface
public interface ImageSource {
    /** {@code n} images {@code [n, 1, H, W]} with pixels in [0, 1]. */
    Tensor images(int n);

    /** The first {@code n} of a fixed set of images {@code [N, 1, H, W]} in [0, 1]. */
    static ImageSource of(Tensor images) {
        return n -> {
            if (n > images.size(0)) {
                throw new IllegalArgumentException("eval-gen: asked for " + n + " images but only " + images.size(0)
                        + " are available");
            }
            return n == images.size(0) ? images : images.narrow(0, 0, n);
        };
    }
}
