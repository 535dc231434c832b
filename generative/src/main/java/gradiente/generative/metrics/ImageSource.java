package gradiente.generative.metrics;

import gradiente.generative.gan.Conditions;
import gradiente.generative.gan.Latent;
import gradiente.generative.sample.LatentDecoder;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code eval-gen} gets the images it scores: a fixed set (an IDX file) or a trained generator
 * ({@link #of(LatentDecoder, Generator, int)}). Any other model can be scored through a lambda
 * {@code n -> images} giving {@code [n, 1, H, W]} with pixels in [0, 1].
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

    /**
     * Images of a GAN generator or VAE decoder for {@code z ~ N(0, I)} drawn from {@code gen},
     * {@code batch} at a time, mapped from the model's pixel range to [0, 1]; a conditional model is
     * asked for class {@code i mod classes} for image {@code i} ({@link #requestedClasses}).
     */
    static ImageSource of(LatentDecoder decoder, Generator gen, int batch) {
        return n -> {
            int[] wanted = requestedClasses(decoder, n);
            double lo = decoder.scaling().lo();
            double span = decoder.scaling().hi() - lo;
            List<Tensor> parts = new ArrayList<>();
            for (int from = 0; from < n; from += batch) {
                int len = Math.min(batch, n - from);
                Tensor z = Latent.sample(gen, len, decoder.latentDim(), DType.FLOAT32, Device.CPU);
                Tensor c = null;
                if (wanted != null) {
                    c = Conditions.oneHot(java.util.Arrays.copyOfRange(wanted, from, from + len), decoder.classes(), z);
                }
                parts.add(decoder.decode(z, c).to(Device.CPU).sub(lo).mul(1 / span).clamp(0, 1));
            }
            return Tensor.concat(0, parts.toArray(Tensor[]::new));
        };
    }

    /** Class {@code i mod classes} of image {@code i} for a conditional model, null for another. */
    static int[] requestedClasses(LatentDecoder decoder, int n) {
        if (decoder.classes() == 0) {
            return null;
        }
        int[] wanted = new int[n];
        for (int i = 0; i < n; i++) {
            wanted[i] = i % decoder.classes();
        }
        return wanted;
    }
}
