package gradiente.generative.recipes;

import gradiente.generative.gan.AdversarialPair;
import gradiente.generative.gan.DiscriminatorNet;
import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.GeneratorNet;
import gradiente.generative.training.MetricHistory;
import gradiente.generative.training.RunFolder;
import gradiente.generative.training.RunRecord;
import gradiente.tensor.Device;
import java.util.Map;

/**
 * One {@link GanTraining} run as its listeners and its caller see it: the specification (enough to rebuild
 * the generator, {@code Decoders}), the generator {@code G}, the discriminator or critic {@code D}, the
 * bias-corrected moving average of G's weights when {@code ema} is on, the run folder and settings, and
 * after {@code fit} the metric history of every epoch and the summary written to {@code metrics.json}.
 */
public final class GanRun extends RunRecord {
    private final GanTraining recipe;
    private final GanSpec spec;
    private final GeneratorNet generator;
    private final DiscriminatorNet discriminator;
    private final AdversarialPair pair;
    private final GeneratorNet average;
    private final String dataset;
    private final int trainImages;

    GanRun(GanTraining recipe, GanSpec spec, GeneratorNet generator, DiscriminatorNet discriminator, AdversarialPair pair,
           GeneratorNet average,
           RunFolder folder, String dataset, int trainImages, Map<String, String> settings) {
        super(folder, settings);
        this.recipe = recipe;
        this.spec = spec;
        this.generator = generator;
        this.discriminator = discriminator;
        this.pair = pair;
        this.average = average;
        this.dataset = dataset;
        this.trainImages = trainImages;
    }

    /** The recipe's settings (model, batch, seed, device, ...). */
    public GanTraining recipe() {
        return recipe;
    }

    public GanSpec spec() {
        return spec;
    }

    /** G. */
    public GeneratorNet generator() {
        return generator;
    }

    /** The trainer running Algorithm 1 (or the WGAN loop) on G and D. */
    public AdversarialPair trainer() {
        return pair;
    }

    /** D (a WGAN's critic). */
    public DiscriminatorNet discriminator() {
        return discriminator;
    }

    /**
     * D's mean probabilities {@code {D(x), D(G(z))}} on the batch of its last update, probed in inference mode
     * after the step as the Keras reference measures them ({@link Gan#scoreLastBatch}); draws no random numbers.
     * Null for a WGAN's critic or before the first update.
     */
    public double[] scoreLastBatch() {
        return pair instanceof Gan gan ? gan.scoreLastBatch() : null;
    }

    /** The weight average of G ({@code ema > 0}), or null. */
    public GeneratorNet average() {
        return average;
    }

    public Device device() {
        return recipe.device();
    }

    /** The training set's name. */
    public String dataset() {
        return dataset;
    }

    public int trainImages() {
        return trainImages;
    }

    /** Discriminator updates per epoch: {@code floor(trainImages / batch)}. */
    public int batchesPerEpoch() {
        return trainImages / recipe.batch();
    }

    void finish(MetricHistory h) {
        history(h);
    }
}
