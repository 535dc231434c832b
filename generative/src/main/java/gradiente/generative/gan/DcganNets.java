package gradiente.generative.gan;

import gradiente.generative.classify.KerasInit;
import gradiente.nn.Layer;
import gradiente.nn.Sequential;
import gradiente.nn.activations.LeakyReLU;
import gradiente.nn.activations.Sigmoid;
import gradiente.nn.activations.Tanh;
import gradiente.nn.layers.BatchNorm2d;
import gradiente.nn.layers.Conv2d;
import gradiente.nn.layers.ConvTranspose2d;
import gradiente.nn.layers.Dropout;
import gradiente.nn.layers.Flatten;
import gradiente.nn.layers.Linear;
import gradiente.nn.layers.Padding;
import gradiente.nn.layers.Reshape;
import gradiente.nn.layers.Upsample;
import gradiente.tensor.Generator;

/**
 * The deep convolutional GAN of thesis section 4.2 (figures 72-73), for {@code 28 x 28} grey images.
 *
 * <pre>
 *   G: [z, c] (latent 100 + classes) -> Dense 6272 -> LeakyReLU(0.2) -> reshape [128, 7, 7]
 *      -> ConvTranspose 128 k4 s2 same (-> 14x14) -> LeakyReLU(0.2)
 *      -> ConvTranspose 128 k4 s2 same (-> 28x28) -> LeakyReLU(0.2)
 *      -> Conv 1 k7 same -> Sigmoid                      1,164,289 parameters (latent 100)
 *   D: [N, 1 + classes, 28, 28] -> Conv 64 k3 s2 same (-> 14x14) -> LeakyReLU(0.2) -> Dropout(0.4)
 *      -> Conv 64 k3 s2 same (-> 7x7) -> LeakyReLU(0.2) -> Dropout(0.4)
 *      -> Flatten (3136) -> Dense 1 -> Sigmoid            40,705 parameters (a WGAN critic stops before the sigmoid)
 * </pre>
 * The thesis' suggested variants are {@link Options}: a tanh output (data in [-1, 1]), batch
 * normalisation (after the dense layer and each transposed convolution of G; {@link #discriminator} can
 * also put one after D's second convolution, but {@link GanSpec} does not: Algorithm 1 shows D
 * half-real batches in its own update and all-generated ones in G's, so batch statistics in D make G
 * train against a different D - measured D(G(z)) 0.002 in D's step against 0.83 in G's), and nearest-neighbour
 * upsampling by 2 followed by a {@code k4 same} convolution instead of each transposed convolution
 * (same parameter count).
 *
 * <p>Both networks start as the thesis' Keras models start ({@link KerasInit}): Glorot-uniform kernels,
 * zero biases.
 */
public final class DcganNets {
    /** Thesis 4.2's latent size. */
    public static final int LATENT = 100;
    /** Slope of every LeakyReLU. */
    public static final double SLOPE = 0.2;
    /** Dropout probability of the discriminator. */
    public static final double DROPOUT = 0.4;
    private static final int SIDE = 28;

    private DcganNets() {
    }

    /** The thesis' variants; {@link #THESIS} is the architecture as given. */
    public record Options(boolean tanh, boolean batchNorm, boolean upsample) {
        public static final Options THESIS = new Options(false, false, false);
    }

    /** Filters of the generator's layers in thesis 4.2. */
    public static final int GENERATOR_FILTERS = 128;
    /** Filters of the discriminator's convolutions in thesis 4.2. */
    public static final int DISCRIMINATOR_FILTERS = 64;

    /** The generator for {@code 28 x 28} grey images, with the thesis' 128 filters. */
    public static GeneratorNet generator(int latentDim, int classes, Options o, Generator gen) {
        return generator(latentDim, classes, o, GENERATOR_FILTERS, gen);
    }

    /**
     * The generator with {@code filters} channels in place of the thesis' 128 (the layer sequence is
     * unchanged; narrow ones keep golden tests small).
     */
    public static GeneratorNet generator(int latentDim, int classes, Options o, int filters, Generator gen) {
        if (filters < 1) {
            throw new IllegalArgumentException("DcganNets.generator: filters must be >= 1, got " + filters);
        }
        Sequential body = new Sequential(new Linear(latentDim + classes, filters * 7 * 7, gen));
        body.add(new Reshape(filters, 7, 7));
        if (o.batchNorm()) {
            body.add(new BatchNorm2d(filters));
        }
        body.add(new LeakyReLU(SLOPE));
        for (int i = 0; i < 2; i++) {
            body.add(upsampling(o.upsample(), filters, gen));
            if (o.batchNorm()) {
                body.add(new BatchNorm2d(filters));
            }
            body.add(new LeakyReLU(SLOPE));
        }
        body.add(Conv2d.builder(filters, 1, 7).padding(Padding.same()).build(gen));
        body.add(o.tanh() ? new Tanh() : new Sigmoid());
        return new GeneratorNet(KerasInit.apply(body, gen), latentDim, classes);
    }

    private static Layer upsampling(boolean upsample, int filters, Generator gen) {
        if (!upsample) {
            return ConvTranspose2d.builder(filters, filters, 4).stride(2).same().build(gen);
        }
        return new Sequential(new Upsample(2), Conv2d.builder(filters, filters, 4).padding(Padding.same()).build(gen));
    }

    /**
     * The discriminator; with {@code probability} false it is a WGAN critic with a linear output.
     * A conditional one receives the class as {@code classes} constant planes beside the image.
     *
     * @param masks random source of the dropout masks
     */
    public static DiscriminatorNet discriminator(int classes, boolean probability, boolean batchNorm, Generator gen,
                                                 Generator masks) {
        return discriminator(classes, probability, batchNorm, DISCRIMINATOR_FILTERS, gen, masks);
    }

    /** The discriminator with {@code filters} channels in place of the thesis' 64. */
    public static DiscriminatorNet discriminator(int classes, boolean probability, boolean batchNorm, int filters,
                                                 Generator gen, Generator masks) {
        return discriminator(classes, probability, batchNorm, filters, 1, gen, masks);
    }

    /**
     * The discriminator judging {@code pack} images at a time (PacGAN, see {@link DiscriminatorNet}): its first
     * convolution takes the {@code pack} images as channels; {@code pack = 1} is the discriminator above.
     */
    public static DiscriminatorNet discriminator(int classes, boolean probability, boolean batchNorm, int filters,
                                                 int pack, Generator gen, Generator masks) {
        if (filters < 1) {
            throw new IllegalArgumentException("DcganNets.discriminator: filters must be >= 1, got " + filters);
        }
        Sequential body = new Sequential(
                Conv2d.builder(pack + classes, filters, 3).stride(2).padding(Padding.same()).build(gen),
                new LeakyReLU(SLOPE),
                new Dropout(DROPOUT, masks),
                Conv2d.builder(filters, filters, 3).stride(2).padding(Padding.same()).build(gen));
        if (batchNorm) {
            body.add(new BatchNorm2d(filters));
        }
        body.add(new LeakyReLU(SLOPE));
        body.add(new Dropout(DROPOUT, masks));
        body.add(new Flatten());
        body.add(new Linear(filters * (SIDE / 4) * (SIDE / 4), 1, gen));
        if (probability) {
            body.add(new Sigmoid());
        }
        return new DiscriminatorNet(KerasInit.apply(body, gen), classes, DiscriminatorNet.Join.PLANES, pack);
    }
}
