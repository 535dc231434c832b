package gradiente.generative.sample;

import gradiente.mnist.Scaling;
import gradiente.tensor.Tensor;

/**
 * A trained model that turns latent vectors into images: a GAN's generator {@code G(z)} or a VAE's
 * decoder {@code p(x | z)} (its mean). What {@code sample} and {@code interpolate} need, whatever the
 * model.
 */
public interface LatentDecoder {
    /** The trained model's name (gan, cgan, dcgan, wgan, wgan-gp, vae). */
    String model();

    /** Size {@code d} of the latent vectors, drawn from {@code N(0, I)}. */
    int latentDim();

    /** Classes of a conditional model, 0 otherwise. */
    int classes();

    /** Range of the images it makes. */
    Scaling scaling();

    /**
     * Images {@code [N, 1, H, W]} for latent vectors {@code z [N, d]} and (conditional models) class
     * vectors {@code [N, classes]}, without recording a graph, in evaluation mode.
     */
    Tensor decode(Tensor z, Tensor condition);
}
