package gradiente.generative.gan;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.autograd.Variable;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WganTest {
    private static final int LATENT = 4;

    private static Wgan toyWgan(long seed, Wgan.Lipschitz mode, double strength, double lr) {
        Generator init = new Generator(seed);
        GeneratorNet g = MlpNets.generator(LATENT, 0, 32, 1, 1, 2, init);
        DiscriminatorNet c = MlpNets.discriminator(2, 0, 32, false, init);
        return new Wgan(g, c, mode, strength, 5, lr, 0.5, 0.9, new Generator(seed + 1));
    }

    @Test
    void wassersteinEstimateFallsAsTheGeneratorCatchesUp() {
        Wgan wgan = toyWgan(1, Wgan.Lipschitz.PENALTY, 1.0, 2e-3);
        Generator data = new Generator(2);
        int windows = 5;
        double[] w = new double[windows];
        for (int s = 0; s < windows * 100; s++) {
            Map<String, Double> m = wgan.step(ToyData.gaussian(data, 32, 0.85, 0.15), null);
            w[s / 100] += m.get("w_estimate") / 100;
        }
        // The critic first finds the gap between the two distributions (G starts at about (0.5, 0.5), the
        // data at (0.85, 0.15)); as G moves onto the data the estimate of W(p_data, p_g) falls towards 0.
        double peak = Math.max(w[0], w[1]);
        assertThat(peak).isGreaterThan(0.15);
        assertThat(Math.abs(w[windows - 1])).isLessThan(0.3 * peak);
    }

    @Test
    void weightClippingKeepsEveryCriticWeightInRangeAndGIsUpdatedEveryNCriticSteps() {
        Wgan wgan = toyWgan(3, Wgan.Lipschitz.CLIP, 0.01, 5e-3);
        Generator data = new Generator(4);
        Tensor gBefore = wgan.generator().parameters().get(0).data().copy();
        for (int s = 1; s <= 10; s++) {
            Map<String, Double> m = wgan.step(ToyData.gaussian(data, 16, 0.85, 0.15), null);
            for (Variable p : wgan.discriminator().parameters()) {
                assertThat(p.data().abs().max().item()).isLessThanOrEqualTo(0.01 + 1e-9);
            }
            assertThat(m.get("gp")).isNaN();
            assertThat(Double.isNaN(m.get("loss_g"))).as("step %d", s).isEqualTo(s % 5 != 0);
            double gChange = wgan.generator().parameters().get(0).data().sub(gBefore).abs().max().item();
            assertThat(gChange > 0).as("G changed by step %d", s).isEqualTo(s >= 5);
        }
    }

    @Test
    void penaltyModeReportsAFinitePenalty() {
        Wgan wgan = toyWgan(5, Wgan.Lipschitz.PENALTY, 10, 1e-4);
        Map<String, Double> m = wgan.step(ToyData.gaussian(new Generator(6), 16, 0.5, 0.5), null);
        assertThat(m.get("gp")).isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(m.get("loss_d")).isCloseTo(m.get("d_fake") - m.get("d_real") + 10 * m.get("gp"),
                org.assertj.core.api.Assertions.within(1e-5));
    }
}
