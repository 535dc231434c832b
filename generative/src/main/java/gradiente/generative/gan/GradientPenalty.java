package gradiente.generative.gan;

import gradiente.autograd.Autograd;
import gradiente.autograd.Variable;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017; the "regularised" critic loss of seed 002 3.3,
 * {@code min_G max_C E C(x) - E C(G(z)) + lambda_reg}): on points {@code x^ = e x + (1 - e) G(z)},
 * {@code e ~ U[0, 1]} per image, interpolating between real and generated images,
 * <pre>
 *   GP = E_x^ ( ||grad_x^ C(x^)||_2 - 1 )^2
 * </pre>
 * which pushes the critic towards the 1-Lipschitz condition the Wasserstein distance needs. The norm
 * is taken per image over all of its {@code C*H*W} (or features) entries, as
 * {@code sqrt(sum g^2 + 1e-12)} so that its derivative stays finite at a zero gradient.
 *
 * <p>The inner gradient is computed with {@code createGraph}, so the penalty is itself part of the
 * graph and its gradient with respect to the critic's parameters (a gradient of a gradient) reaches
 * the critic's optimiser.
 */
public final class GradientPenalty {
    /** Added under the square root of the per-image norm. */
    public static final double NORM_EPS = 1e-12;

    private GradientPenalty() {
    }

    /**
     * The penalty at given interpolates: {@code mean_i (||d C(x^)_i / d x^_i|| - 1)^2}.
     *
     * @param critic       maps {@code x^ [N, ...]} to scores {@code [N, 1]} (rows independent of each other)
     * @param interpolates a variable requiring a gradient, {@code [N, ...]}
     */
    public static Variable at(UnaryOperator<Variable> critic, Variable interpolates) {
        if (!interpolates.requiresGrad()) {
            throw new IllegalArgumentException("GradientPenalty: interpolates " + interpolates.data().shapeString()
                    + " must require a gradient");
        }
        Variable scores = critic.apply(interpolates);
        Variable g = Autograd.grad(new Variable[] {scores.sum()}, null, new Variable[] {interpolates}, true, true, false)[0];
        int n = g.size(0);
        Variable perImage = g.reshape(n, -1).square().sum(1, false);
        Variable norm = perImage.add(NORM_EPS).sqrt();
        return norm.sub(1.0).square().mean();
    }

    /**
     * The penalty between a real and a generated batch of the same shape {@code [N, ...]}, with one
     * interpolation weight per image drawn from {@code gen}.
     */
    public static Variable between(UnaryOperator<Variable> critic, Tensor real, Tensor fake, Generator gen) {
        if (!java.util.Arrays.equals(real.shape(), fake.shape())) {
            throw new IllegalArgumentException("GradientPenalty: real " + real.shapeString() + " and generated "
                    + fake.shapeString() + " batches differ in shape");
        }
        int[] eShape = new int[real.rank()];
        java.util.Arrays.fill(eShape, 1);
        eShape[0] = real.size(0);
        Tensor e = Tensor.rand(gen, real.dtype(), eShape).to(real.device());
        Tensor mixed = real.mul(e).add(fake.mul(e.neg().add(1.0)));
        return at(critic, new Variable(mixed, true));
    }
}
