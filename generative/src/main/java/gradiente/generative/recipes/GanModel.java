package gradiente.generative.recipes;

import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.Wgan;

/**
 * The five adversarial models of the seeds and their defaults, the starting point of a {@link GanTraining}:
 * the objective, the network family, the batch ({@code B} images per discriminator update, {@code B/2}
 * real and {@code B/2} generated), the epochs and Adam's step size and decay rates.
 *
 * <ul>
 *   <li>{@link #GAN}: seed 004's MLPs, thesis Algorithm 1 with the non-saturating G loss, Adam 2e-4, beta1 0.5
 *       (thesis 4.2), batch 256, 30 epochs;</li>
 *   <li>{@link #CGAN}: thesis 3.3's conditional GAN, Adam 1e-3 (the Keras default seed 004 follows), 100 epochs;</li>
 *   <li>{@link #DCGAN}: thesis 4.2's convolutional nets, Adam 2e-4/0.5, batch 256, 20 epochs;</li>
 *   <li>{@link #WGAN}: thesis 3.3's Wasserstein GAN with weight clipping, Adam lr 5e-5 betas (0, 0.99) (RMSprop
 *       with bias correction), batch 128;</li>
 *   <li>{@link #WGAN_GP}: the gradient penalty (Gulrajani et al.), Adam 1e-4 betas (0, 0.9), batch 128.</li>
 * </ul>
 */
public enum GanModel {
    GAN("gan", false, Objective.BCE, GanSpec.Net.MLP, 256, 30, 2e-4, 0.5, 0.999),
    CGAN("cgan", true, Objective.BCE, GanSpec.Net.MLP, 256, 100, 1e-3, 0.5, 0.999),
    DCGAN("dcgan", false, Objective.BCE, GanSpec.Net.DCGAN, 256, 20, 2e-4, 0.5, 0.999),
    WGAN("wgan", false, Objective.CLIP, GanSpec.Net.MLP, 128, 30, 5e-5, 0.0, 0.99),
    WGAN_GP("wgan-gp", false, Objective.PENALTY, GanSpec.Net.MLP, 128, 30, 1e-4, 0.0, 0.9);

    /** How the pair is trained. */
    public enum Objective {
        /** Binary cross-entropy, Algorithm 1, non-saturating G loss ({@link Gan}). */
        BCE(""),
        /** Wasserstein with weight clipping ({@link Wgan.Lipschitz#CLIP}). */
        CLIP(", Wasserstein loss with weight clipping"),
        /** Wasserstein with the gradient penalty ({@link Wgan.Lipschitz#PENALTY}). */
        PENALTY(", Wasserstein loss with gradient penalty");

        private final String note;

        Objective(String note) {
            this.note = note;
        }

        /** A phrase for a log line ("" for BCE). */
        public String note() {
            return note;
        }
    }

    private final String id;
    private final boolean conditional;
    private final Objective objective;
    private final GanSpec.Net net;
    private final int batch;
    private final int epochs;
    private final double lr;
    private final double beta1;
    private final double beta2;

    GanModel(String id, boolean conditional, Objective objective, GanSpec.Net net, int batch, int epochs, double lr,
             double beta1, double beta2) {
        this.id = id;
        this.conditional = conditional;
        this.objective = objective;
        this.net = net;
        this.batch = batch;
        this.epochs = epochs;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    /** The model's name: gan, cgan, dcgan, wgan, wgan-gp (also the default run folder {@code runs/ID}). */
    public String id() {
        return id;
    }

    /** Whether the class is given to both networks (thesis 3.3). */
    public boolean conditional() {
        return conditional;
    }

    public Objective objective() {
        return objective;
    }

    public GanSpec.Net net() {
        return net;
    }

    public int batch() {
        return batch;
    }

    public int epochs() {
        return epochs;
    }

    public double lr() {
        return lr;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }
}
