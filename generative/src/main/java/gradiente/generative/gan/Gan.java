package gradiente.generative.gan;

import gradiente.autograd.Variable;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Adam;
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
 * generated images with D(G(z)) &lt;= 1/2) - thesis 4.2 asks to watch D's accuracy on both.
 */
public final class Gan extends AdversarialPair {

    public Gan(GeneratorNet generator, DiscriminatorNet discriminator, double lr, double beta1, double beta2, Generator noise) {
        super(generator, discriminator,
                new Adam(generator.namedParameters(), lr, beta1, beta2),
                new Adam(discriminator.namedParameters(), lr, beta1, beta2),
                noise);
    }

    @Override
    public Map<String, Double> step(Tensor real, int[] labels) {
        int b = real.size(0);
        // Algorithm 1 lines 10-14: D on b real and b generated images.
        Fakes fakes = drawFakes(b, real, false);
        Variable images = Variable.concat(0, new Variable(real), fakes.images());
        Tensor cond = conditional() ? Tensor.concat(0, condition(labels, real), fakes.condition()) : null;
        Tensor target = Tensor.concat(0, real.newFull(1.0, b, 1), real.newFull(0.0, b, 1));
        Variable p = discriminator().forward(images, cond);
        Variable lossD = Losses.bce(p, new Variable(target), Reduction.MEAN);
        updateDiscriminator(lossD);
        Tensor pReal = p.data().narrow(0, 0, b);
        Tensor pFake = p.data().narrow(0, b, b);

        // Lines 15-18: G through the frozen D, its images labelled real (non-saturating loss).
        Fakes gen = drawFakes(2 * b, real, true);
        Variable q = discriminator().forward(gen.images(), gen.condition());
        Variable lossG = Losses.bce(q, new Variable(real.newFull(1.0, 2 * b, 1)), Reduction.MEAN);
        updateGenerator(lossG);

        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss_d", lossD.item());
        m.put("loss_g", lossG.item());
        m.put("d_real", pReal.mean().item());
        m.put("d_fake", pFake.mean().item());
        m.put("acc_real", fraction(pReal, 0.5, true));
        m.put("acc_fake", fraction(pFake, 0.5, false));
        return m;
    }
}
