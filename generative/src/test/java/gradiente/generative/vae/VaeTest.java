package gradiente.generative.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradiente.autograd.GradCheck;
import gradiente.autograd.Variable;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Adam;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Seed 000 eq. 16-19: the VAE's KL term, loss gradients, reparameterisation and a tiny training run. */
@Tag("seed000-2.3.3")
class VaeTest {
    @Test
    void klTermMatchesAMonteCarloEstimate() {
        // KL(q || p) = E_q [ln q(z) - ln p(z)], estimated with many z ~ q for one 3-d Gaussian.
        double[] mu = {0.7, -1.2, 0.1};
        double[] logVar = {-0.5, 0.8, -2.0};
        double closed = Losses.gaussianKl(new Variable(Tensor.of(mu, 1, 3)), new Variable(Tensor.of(logVar, 1, 3)),
                Reduction.SUM).item();
        Generator g = new Generator(3);
        int n = 400_000;
        double[] eps = Tensor.randn(g, DType.FLOAT64, n, 3).toDoubleArray();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                double s = Math.exp(logVar[j] / 2);
                double z = mu[j] + s * eps[i * 3 + j];
                double lnQ = -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * eps[i * 3 + j] * eps[i * 3 + j];
                double lnP = -0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
                sum += lnQ - lnP;
            }
        }
        double mc = sum / n;
        // Standard error of this estimate is about 0.004.
        assertThat(closed).isCloseTo(mc, within(0.02));
        assertThat(closed).isGreaterThan(1.0);
    }

    @Test
    void lossWithTheReparameterisationPassesGradCheck() {
        Generator g = new Generator(5);
        Tensor x = Tensor.rand(g, DType.FLOAT64, 2, 1, 2, 3);
        Tensor eps = Tensor.randn(g, DType.FLOAT64, 2, 4);
        Tensor w = Tensor.randn(g, DType.FLOAT64, 4, 6).mul(0.5);
        Tensor mu = Tensor.randn(g, DType.FLOAT64, 2, 4);
        Tensor logVar = Tensor.randn(g, DType.FLOAT64, 2, 4).mul(0.3);
        for (VaeLoss.Likelihood lik : VaeLoss.Likelihood.values()) {
            GradCheck.check("vaeLoss(" + lik + ")", in -> {
                Variable z = Vae.reparameterise(in[0], in[1], eps);
                Variable logits = z.matmul(in[2]).reshape(2, 1, 2, 3);
                return VaeLoss.of(new Variable(x), logits, in[0], in[1], lik, 0.3).negElbo();
            }, mu, logVar, w);
        }
    }

    @Test
    void termsAreSummedOverPixelsAndAveragedOverImages() {
        // Logits 0: each pixel costs ln 2 under the Bernoulli likelihood whatever x; mu = 0, logVar = 0: KL 0.
        Variable x = new Variable(Tensor.rand(new Generator(1), DType.FLOAT64, 3, 1, 4, 5));
        Variable zeros = new Variable(Tensor.zeros(DType.FLOAT64, 3, 1, 4, 5));
        Variable mu = new Variable(Tensor.zeros(DType.FLOAT64, 3, 2));
        VaeLoss.Terms t = VaeLoss.of(x, zeros, mu, mu, VaeLoss.Likelihood.BERNOULLI, 1);
        assertThat(t.kl().item()).isCloseTo(0, within(1e-12));
        assertThat(t.recon().item()).isCloseTo(20 * Math.log(2), within(1e-9));
        // Gaussian: x equal to the mean sigmoid(0) = 1/2 leaves only the constant D/2 ln(2 pi s^2).
        Variable half = new Variable(Tensor.zeros(DType.FLOAT64, 3, 1, 4, 5).add(0.5));
        VaeLoss.Terms gt = VaeLoss.of(half, zeros, mu, mu, VaeLoss.Likelihood.GAUSSIAN, 0.1);
        assertThat(gt.recon().item()).isCloseTo(10 * Math.log(2 * Math.PI * 0.01), within(1e-9));
    }

    @Test
    void aFewStepsOfTrainingLowerTheNegativeElbo() {
        // 64 images of 8x8: a bright bar at one of four columns.
        Generator g = new Generator(7);
        float[] px = new float[64 * 64];
        for (int i = 0; i < 64; i++) {
            int col = 2 * (i % 4);
            for (int y = 0; y < 8; y++) {
                px[i * 64 + y * 8 + col] = 0.9f;
                px[i * 64 + y * 8 + col + 1] = 0.9f;
            }
        }
        Tensor x = Tensor.of(px, gradiente.tensor.Device.CPU, 64, 1, 8, 8);
        Vae vae = new VaeSpec("mlp", 2, 32, VaeLoss.Likelihood.BERNOULLI, 1, 8, 8).build(g);
        Adam adam = new Adam(vae.namedParameters(), 1e-2);
        Generator eps = new Generator(8);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 150; step++) {
            Vae.Pass p = vae.forward(new Variable(x), eps);
            VaeLoss.Terms t = VaeLoss.of(new Variable(x), p.logits(), p.mu(), p.logVar(), VaeLoss.Likelihood.BERNOULLI, 1);
            adam.zeroGrad();
            t.negElbo().backward();
            adam.step();
            if (step < 10) {
                first += t.negElbo().item() / 10;
            }
            if (step >= 140) {
                last += t.negElbo().item() / 10;
            }
        }
        // Start: ~64 pixels at ln 2 = 44 nats; a good model needs little more than the bar position (ln 4).
        assertThat(first).isGreaterThan(35);
        assertThat(last).isLessThan(0.6 * first);
    }

    @Test
    void convolutionalVaeMapsImagesToTwentyDimensionalGaussiansAndBack() {
        Generator g = new Generator(9);
        VaeSpec spec = new VaeSpec("conv", 20, 64, VaeLoss.Likelihood.BERNOULLI, 1, 28, 28);
        Vae vae = spec.build(g);
        Vae.Pass p = vae.forward(new Variable(Tensor.rand(g, 2, 1, 28, 28)), g);
        assertThat(p.mu().shape()).containsExactly(2, 20);
        assertThat(p.logVar().shape()).containsExactly(2, 20);
        assertThat(p.logits().shape()).containsExactly(2, 1, 28, 28);
        // Encoder convs 320 + 18,496, dense 3136*64+64, heads 2*(64*20+20), decoder dense 20*3136+3136,
        // transposed convs 64*32*16+32 and 32*16+1.
        long expected = 320 + 18_496 + (3136 * 64 + 64) + 2 * (64 * 20 + 20) + (20 * 3136 + 3136) + (64 * 32 * 16 + 32) + (32 * 16 + 1);
        assertThat(vae.numParameters()).isEqualTo(expected);
        assertThat(VaeSpec.fromInfo(spec.toInfo())).isEqualTo(spec);
    }
}
