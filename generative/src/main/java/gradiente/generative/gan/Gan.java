package gradiente.generative.gan;

import gradiente.autograd.Variable;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original GAN trained with the thesis' Algorithm 1 (seed 002 3.1) and binary cross-entropy.
 * For a real mini-batch of {@code b} images (the algorithm's {@code n/2}):
 * <ol>
 *   <li>draw {@code b} latent vectors, generate {@code b} images, join them to the real ones with labels
 *       1 (real) and 0 (generated), and take one optimiser step of D on
 *       {@code J(D) = -1/2 E_x ln D(x) - 1/2 E_z ln(1 - D(G(z)))} (seed 004; the BCE mean over the
 *       {@code 2b} images);</li>
 *   <li>draw {@code 2b} (the algorithm's {@code n}) latent vectors, label the generated images as real,
 *       and take one step of G alone through the frozen D on the non-saturating loss
 *       {@code J(G) = -E_z ln D(G(z))} (seed 004: the minimax generator loss {@code E ln(1 - D(G(z)))}
 *       has vanishing gradients once D rejects the samples confidently).</li>
 * </ol>
 * The conditional GAN (thesis 3.3) is the same procedure with class vectors: real images come with
 * their labels, generated ones with uniformly drawn classes given to both G and D.
 *
 * <p>Measurements per step: {@code loss_d}, {@code loss_g}, {@code d_real} = mean D(x),
 * {@code d_fake} = mean D(G(z)) (before the D update's effect, i.e. on the batch D was trained on),
 * {@code acc_real} (fraction of real images with D(x) > 1/2) and {@code acc_fake} (fraction of
 * generated images with D(G(z)) &lt;= 1/2) - thesis 4.2 asks to watch D's accuracy on both - and
 * {@code g_saturated}, the fraction of G's images with D(G(z)) below {@link Losses#BCE_EPS}, whose
 * gradient the clamped probability BCE sets to exactly zero.
 * With a packed discriminator (PacGAN, {@link DiscriminatorNet#pack()}) every score, and so every mean and
 * fraction above, is of a pack of images instead of one image.
 *
 * <p>How the cross-entropy is computed is a {@link Bce}: on D's probabilities (clamped, PyTorch's
 * {@code BCELoss} style) or, as Keras does for a sigmoid output, on the logits before the sigmoid.
 */
public final class Gan extends AdversarialPair {
    /** Where the binary cross-entropy of Algorithm 1 is computed. */
    public enum Bce {
        /**
         * On probabilities: {@link Losses#bce}, each probability clamped to {@code [1e-12, 1]} in the
         * logarithms, so a sample with D(G(z)) &lt; 1e-12 gives G a zero gradient; D ends in a sigmoid.
         */
        PROBABILITIES,
        /**
         * On logits {@code z} (D without its final sigmoid): {@link Losses#bceWithLogits},
         * {@code softplus(z) - t z}, gradient {@code sigmoid(z) - t} exact at any z. What Keras 3 does for
         * {@code binary_crossentropy} on a sigmoid output ({@code keras/src/backend/tensorflow/nn.py},
         * {@code binary_crossentropy} via {@code _get_logits}: {@code tf.nn.sigmoid_cross_entropy_with_logits}).
         */
        LOGITS
    }

    private final Bce bce;

    public Gan(GeneratorNet generator, DiscriminatorNet discriminator, double lr, double beta1, double beta2, Generator noise) {
        this(generator, discriminator, Bce.PROBABILITIES,
                new Adam(generator.namedParameters(), lr, beta1, beta2),
                new Adam(discriminator.namedParameters(), lr, beta1, beta2),
                noise);
    }

    /**
     * @param bce           where the cross-entropy is computed; with {@link Bce#LOGITS} the discriminator must
     *                      output logits (no final sigmoid), with {@link Bce#PROBABILITIES} probabilities
     */
    public Gan(GeneratorNet generator, DiscriminatorNet discriminator, Bce bce, Optimizer generatorOptimizer,
               Optimizer discriminatorOptimizer, Generator noise) {
        super(generator, discriminator, generatorOptimizer, discriminatorOptimizer, noise);
        this.bce = java.util.Objects.requireNonNull(bce, "Gan: bce");
    }

    /** Where the cross-entropy is computed. */
    public Bce bce() {
        return bce;
    }

    /** Algorithm 1's cross-entropy of D's scores (logits or probabilities, as {@code bce} says), mean over the batch. */
    public static Variable loss(Bce bce, Variable score, Tensor target) {
        return bce == Bce.LOGITS ? Losses.bceWithLogits(score, new Variable(target), Reduction.MEAN)
                : Losses.bce(score, new Variable(target), Reduction.MEAN);
    }

    private Variable loss(Variable score, Tensor target) {
        return loss(bce, score, target);
    }

    private Tensor probability(Variable score) {
        return bce == Bce.LOGITS ? score.data().sigmoid() : score.data();
    }

    /**
     * D's mean probabilities on the real and the generated half of the batch of its last update, with D
     * in evaluation mode (no dropout) and after both updates of the step: how the Keras reference
     * ({@code ../shared/keras-reference/keras_dcgan.py}, {@code d_model.predict(X)}) reports D(x) and
     * D(G(z)). Draws no random numbers. Returns {@code {D(x), D(G(z))}}, or null before the first step.
     */
    public double[] scoreLastBatch() {
        if (lastBatch == null) {
            return null;
        }
        DiscriminatorNet d = discriminator();
        boolean wasTraining = d.isTraining();
        d.eval();
        try (var scope = gradiente.autograd.GradMode.noGrad()) {
            Tensor p = probability(d.forward(new Variable(lastBatch), lastCondition));
            int b = p.size(0) / 2;
            return new double[] {p.narrow(0, 0, b).mean().item(), p.narrow(0, b, b).mean().item()};
        } finally {
            d.train(wasTraining);
        }
    }

    private Tensor lastBatch;
    private Tensor lastCondition;

    @Override
    public Map<String, Double> step(Tensor real, int[] labels) {
        int b = real.size(0);
        // with a packed D (PacGAN) each half's b images give sb scores: packs never mix real and generated images
        int sb = discriminator().scores(b);
        if (observer() != null) {
            observer().real(real);
        }
        // Algorithm 1 lines 10-14: D on b real and b generated images.
        Fakes fakes = drawFakes(b, real, false);
        Variable images = Variable.concat(0, new Variable(real), fakes.images());
        Tensor cond = conditional() ? Tensor.concat(0, condition(labels, real), fakes.condition()) : null;
        Tensor target = Tensor.concat(0, real.newFull(1.0, sb, 1), real.newFull(0.0, sb, 1));
        Variable scoreD = discriminator().forward(images, cond);
        Variable lossD = loss(scoreD, target);
        updateDiscriminator(lossD);
        Tensor p = probability(scoreD);
        Tensor pReal = p.narrow(0, 0, sb);
        Tensor pFake = p.narrow(0, sb, sb);
        lastBatch = images.data();
        lastCondition = cond;

        // Lines 15-18: G through the frozen D, its images labelled real (non-saturating loss).
        Fakes gen = drawFakes(2 * b, real, true);
        Variable scoreG = discriminator().forward(gen.images(), gen.condition());
        Variable lossG = loss(scoreG, real.newFull(1.0, 2 * sb, 1));
        updateGenerator(lossG);

        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss_d", lossD.item());
        m.put("loss_g", lossG.item());
        m.put("d_real", pReal.mean().item());
        m.put("d_fake", pFake.mean().item());
        m.put("acc_real", fraction(pReal, 0.5, true));
        m.put("acc_fake", fraction(pFake, 0.5, false));
        m.put("g_saturated", fraction(probability(scoreG), Losses.BCE_EPS, false));
        return m;
    }
}
