package gradiente.generative.gan;

import gradiente.autograd.Variable;
import gradiente.nn.losses.Losses;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.Clipping;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Wasserstein GAN of seed 002 3.3, {@code min_G max_C E C(x) - E C(G(z))}, with a critic whose
 * output is linear (a realness score, not a probability). Each {@link #step} is one critic update on
 * the critic loss {@code mean C(G(z)) - mean C(x)} (the negated Wasserstein estimate); every
 * {@code nCritic}-th step is followed by one generator update on {@code -mean C(G(z))}.
 *
 * <p>The critic is kept (approximately) 1-Lipschitz either by {@link Lipschitz#CLIP} - weight
 * clipping to {@code [-c, c]} after each critic update (Arjovsky et al.: c = 0.01, n_critic = 5) - or by
 * {@link Lipschitz#PENALTY} - adding {@code lambda * GP}, the {@link GradientPenalty} (Gulrajani et al.:
 * lambda = 10, n_critic = 5, Adam lr 1e-4, betas 0 and 0.9).
 *
 * <p>Measurements: {@code loss_d} (critic loss including the penalty), {@code w_estimate}
 * = mean C(x) - mean C(G(z)) (falls as G improves), {@code gp} (NaN with clipping), {@code d_real},
 * {@code d_fake} (mean scores), {@code loss_g} (NaN on steps without a generator update).
 */
public final class Wgan extends AdversarialPair {
    /** How the critic is kept Lipschitz. */
    public enum Lipschitz {
        /** Weight clipping after each critic update. */
        CLIP,
        /** The gradient penalty added to the critic loss. */
        PENALTY
    }

    private final Lipschitz lipschitz;
    private final double strength;
    private final int nCritic;
    private long steps;

    /**
     * @param strength the clip value c for {@link Lipschitz#CLIP}, the weight lambda for {@link Lipschitz#PENALTY}
     * @param nCritic  critic updates per generator update
     */
    public Wgan(GeneratorNet generator, DiscriminatorNet critic, Lipschitz lipschitz, double strength, int nCritic,
                double lr, double beta1, double beta2, Generator noise) {
        super(generator, critic, new Adam(generator.namedParameters(), lr, beta1, beta2),
                new Adam(critic.namedParameters(), lr, beta1, beta2), noise);
        if (!(strength > 0) || nCritic < 1) {
            throw new IllegalArgumentException("Wgan: need strength > 0 and nCritic >= 1, got " + strength + " and " + nCritic);
        }
        this.lipschitz = lipschitz;
        this.strength = strength;
        this.nCritic = nCritic;
    }

    public int nCritic() {
        return nCritic;
    }

    /** Critic updates so far; the generator is updated after every {@code nCritic}-th. */
    public long steps() {
        return steps;
    }

    /** Sets the critic-update count, so that a resumed run keeps the generator updates in phase. */
    public void steps(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("Wgan: step count must be >= 0, got " + count);
        }
        this.steps = count;
    }

    @Override
    public Map<String, Double> step(Tensor real, int[] labels) {
        int b = real.size(0);
        Tensor realCond = condition(labels, real);
        // Generated images of the real batch's classes, so that interpolates join images of one class.
        Fakes fakes = drawFakes(b, real, false, realCond);
        Variable sReal = discriminator().forward(new Variable(real), realCond);
        Variable sFake = discriminator().forward(fakes.images(), fakes.condition());
        Variable loss = Losses.wassersteinCritic(sReal, sFake);
        double gp = Double.NaN;
        if (lipschitz == Lipschitz.PENALTY) {
            Variable penalty = GradientPenalty.between(x -> discriminator().forward(x, realCond), real,
                    fakes.images().data(), noise());
            gp = penalty.item();
            loss = loss.add(penalty.mul(strength));
        }
        double wEstimate = sReal.data().mean().item() - sFake.data().mean().item();
        updateDiscriminator(loss);
        if (lipschitz == Lipschitz.CLIP) {
            Clipping.clipWeights(discriminator().parameters(), strength);
        }
        steps++;

        double lossG = Double.NaN;
        if (steps % nCritic == 0) {
            Fakes gen = drawFakes(b, real, true);
            Variable l = Losses.wassersteinGenerator(discriminator().forward(gen.images(), gen.condition()));
            updateGenerator(l);
            lossG = l.item();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss_d", loss.item());
        m.put("loss_g", lossG);
        m.put("w_estimate", wEstimate);
        m.put("gp", gp);
        m.put("d_real", sReal.data().mean().item());
        m.put("d_fake", sFake.data().mean().item());
        return m;
    }
}
