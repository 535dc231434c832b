package gradiente.generative.gan;

import gradiente.nn.Sequential;
import gradiente.nn.activations.ReLU;
import gradiente.nn.activations.Sigmoid;
import gradiente.nn.layers.Linear;
import gradiente.nn.layers.Reshape;
import gradiente.tensor.Generator;

/**
 * Seed 004's practical case: generator and discriminator as multilayer perceptrons with one hidden
 * layer of {@code hidden} (128) ReLU units and a sigmoid output.
 *
 * <pre>
 *   G: [z, c] (latent + classes) -> Linear -> ReLU -> Linear (C*H*W) -> Sigmoid -> reshape [C, H, W]
 *   D: [x, c] (C*H*W + classes)  -> Linear -> ReLU -> Linear (1)     -> Sigmoid (a WGAN critic stops before it)
 * </pre>
 * Pixels are in [0, 1], matching the sigmoid output.
 */
public final class MlpNets {
    /** Seed 004's hidden width. */
    public static final int HIDDEN = 128;

    private MlpNets() {
    }

    /** The MLP generator for images {@code [channels, height, width]}. */
    public static GeneratorNet generator(int latentDim, int classes, int hidden, int channels, int height, int width,
                                         Generator gen) {
        Sequential body = new Sequential(
                new Linear(latentDim + classes, hidden, gen),
                new ReLU(),
                new Linear(hidden, channels * height * width, gen),
                new Sigmoid(),
                new Reshape(channels, height, width));
        return new GeneratorNet(body, latentDim, classes);
    }

    /**
     * The MLP discriminator; with {@code probability} false it is a WGAN critic with a linear output.
     *
     * @param features pixels per image, {@code C * H * W}
     */
    public static DiscriminatorNet discriminator(int features, int classes, int hidden, boolean probability, Generator gen) {
        return discriminator(features, classes, hidden, probability, 1, gen);
    }

    /**
     * The MLP discriminator judging {@code pack} images at a time (PacGAN, see {@link DiscriminatorNet}): its
     * first layer takes {@code pack * features} inputs; {@code pack = 1} is the discriminator above.
     */
    public static DiscriminatorNet discriminator(int features, int classes, int hidden, boolean probability, int pack,
                                                 Generator gen) {
        Sequential body = new Sequential(
                new Linear(pack * features + classes, hidden, gen),
                new ReLU(),
                new Linear(hidden, 1, gen));
        if (probability) {
            body.add(new Sigmoid());
        }
        return new DiscriminatorNet(body, classes, DiscriminatorNet.Join.FEATURES, pack);
    }
}
