package gradiente.bench;

import gradiente.generative.gan.DcganNets;
import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * One thesis Algorithm 1 update of the thesis 4.2 DCGAN, built exactly as {@code ./gradiente train dcgan}
 * builds it: the {@link GanSpec} of the model ({@code dcgan}, latent 100, sigmoid output, batch norm in G
 * for the {@code batchnorm} variant, none in D), its networks from {@link DcganNets} with the command's
 * seeds for weights, dropout masks and noise, and a {@link Gan} pair (Adam lr 2e-4, betas 0.5 and 0.999)
 * whose {@link Gan#step} does the update: D on {@code batch/2} real and {@code batch/2} generated images,
 * then G on {@code batch} generated images through the frozen D, dropout active in both. The real
 * images are synthetic, uniform in [0, 1] ({@code [batch/2, 1, 28, 28]}, drawn before the update from
 * their own seed): the update's work does not depend on the pixel values.
 */
public final class DcganUpdate {
    /** The benchmarked variants. */
    public enum Variant {
        /** The architecture exactly as thesis 4.2 gives it. */
        THESIS,
        /** {@code train dcgan --batchnorm}: batch normalisation after G's dense layer and transposed convolutions. */
        BATCHNORM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Variant parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "thesis" -> THESIS;
                case "batchnorm" -> BATCHNORM;
                default -> throw new IllegalArgumentException("bench dcgan: unknown variant '" + s + "' (thesis or batchnorm)");
            };
        }
    }

    private final Variant variant;
    private final int batch;
    private final Gan pair;
    private final Generator data;

    /**
     * @param batch images per discriminator step (even; 256 in thesis 4.2)
     * @param seed  the {@code --seed} of {@code train dcgan}
     */
    public DcganUpdate(Variant variant, int batch, long seed) {
        if (batch < 2 || batch % 2 != 0) {
            throw new IllegalArgumentException("bench dcgan: --batch must be even (half real, half generated), got " + batch);
        }
        this.variant = variant;
        this.batch = batch;
        GanSpec spec = new GanSpec("dcgan", GanSpec.Net.DCGAN, DcganNets.LATENT, 0, 128,
                new DcganNets.Options(false, variant == Variant.BATCHNORM, false), 28, 28);
        // The seeds GanTrainCommand derives from --seed.
        Generator init = Generator.derive(seed, RandomStream.INIT);
        Generator masks = Generator.derive(seed, RandomStream.DROPOUT);
        Generator noise = Generator.derive(seed, RandomStream.LATENT_NOISE);
        this.pair = new Gan(spec.generator(init), spec.discriminator(true, init, masks), 2e-4, 0.5, 0.999, noise);
        this.data = new Generator(seed + 7);
    }

    public Variant variant() {
        return variant;
    }

    public int batch() {
        return batch;
    }

    /** The trained pair (its networks and optimisers). */
    public Gan pair() {
        return pair;
    }

    /** The real half-batch of the next update. */
    public Tensor realBatch() {
        return Tensor.rand(data, DType.FLOAT32, batch / 2, 1, 28, 28);
    }

    /** One update on {@code real} (from {@link #realBatch}); returns {@link Gan#step}'s measurements. */
    public Map<String, Double> step(Tensor real) {
        return pair.step(real, null);
    }
}
