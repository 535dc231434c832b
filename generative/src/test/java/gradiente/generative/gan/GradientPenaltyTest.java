package gradiente.generative.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.autograd.GradCheck;
import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradientPenaltyTest {

    @Test
    void linearCriticHasThePenaltyOfItsWeightNorm() {
        // C(x) = w . x + b has gradient w everywhere, so GP = (|w| - 1)^2 and dGP/dw = 2 (|w| - 1) w / |w|.
        double[] wv = {0.6, -1.2, 2.0};
        Tensor w = Tensor.of(wv, 3, 1);
        Variable wVar = new Variable(w, true);
        Variable x = new Variable(Tensor.randn(new Generator(3), DType.FLOAT64, 5, 3), true);
        Variable gp = GradientPenalty.at(v -> v.matmul(wVar).add(0.7), x);
        double norm = Math.sqrt(0.36 + 1.44 + 4.0);
        assertThat(gp.item()).isCloseTo((norm - 1) * (norm - 1), within(1e-9));
        gp.backward();
        for (int i = 0; i < 3; i++) {
            assertThat(wVar.grad().get(i, 0)).isCloseTo(2 * (norm - 1) * wv[i] / norm, within(1e-9));
        }
    }

    @Test
    void penaltyGradientPassesGradCheckThroughATanhCritic() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, DType.FLOAT64, 4, 1, 2, 3);
        Tensor w1 = Tensor.randn(g, DType.FLOAT64, 6, 5).mul(0.5);
        Tensor b1 = Tensor.randn(g, DType.FLOAT64, 5).mul(0.1);
        Tensor w2 = Tensor.randn(g, DType.FLOAT64, 5, 1);
        GradCheck.check("gradientPenalty(tanh MLP)", in -> GradientPenalty.at(
                v -> v.flatten(1, 3).matmul(in[1]).add(in[2]).tanh().matmul(in[3]), in[0]), x, w1, b1, w2);
    }

    @Test
    void penaltyGradientPassesGradCheckThroughALeakyReluCritic() {
        Generator g = new Generator(12);
        Tensor x = Tensor.randn(g, DType.FLOAT64, 3, 4);
        Tensor w1 = Tensor.randn(g, DType.FLOAT64, 4, 6);
        Tensor w2 = Tensor.randn(g, DType.FLOAT64, 6, 1);
        GradCheck.check("gradientPenalty(leaky ReLU MLP)", in -> GradientPenalty.at(
                v -> v.matmul(in[1]).leakyRelu(0.2).matmul(in[2]), in[0]), x, w1, w2);
    }

    @Test
    void penaltyOfTheMlpCriticModuleReachesItsParameters() {
        Generator g = new Generator(5);
        DiscriminatorNet critic = MlpNets.discriminator(4, 0, 8, false, g);
        critic.to(DType.FLOAT64);
        Tensor real = Tensor.rand(g, DType.FLOAT64, 6, 1, 2, 2);
        Tensor fake = Tensor.rand(g, DType.FLOAT64, 6, 1, 2, 2);
        Variable gp = GradientPenalty.between(x -> critic.forward(x, null), real, fake, new Generator(9));
        assertThat(gp.item()).isGreaterThanOrEqualTo(0.0);
        gp.backward();
        for (var e : critic.namedParameters().entrySet()) {
            if (e.getKey().endsWith("bias")) {
                // dC/dx = W1^T diag(relu'(W1 x + b1)) w2: the output bias does not enter it, and b1 only
                // through the piecewise-constant relu', so the penalty has no gradient for either.
                assertThat(e.getValue().grad()).isNull();
            } else {
                assertThat(e.getValue().grad()).as(e.getKey()).isNotNull();
                assertThat(e.getValue().grad().abs().sum().item()).as(e.getKey()).isGreaterThan(0.0);
            }
        }
    }

    @Test
    void rejectsMismatchedBatchesAndConstantInterpolates() {
        Tensor a = Tensor.zeros(2, 1, 2, 2);
        Tensor b = Tensor.zeros(3, 1, 2, 2);
        assertThatThrownBy(() -> GradientPenalty.between(v -> v, a, b, new Generator(1)))
                .hasMessageContaining("[2, 1, 2, 2]").hasMessageContaining("[3, 1, 2, 2]");
        assertThatThrownBy(() -> GradientPenalty.at(v -> v, new Variable(a)))
                .hasMessageContaining("must require a gradient");
    }
}
