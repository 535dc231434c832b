package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static Variable scalar(double x) {
        return Variable.parameter(Tensor.scalar(x, DType.FLOAT64));
    }

    @Test
    void gradientsAccumulateWhenANonLeafIsReused() {
        Variable x = scalar(3);
        Variable a = x.mul(2); // reused twice below
        Variable f = a.mul(a).add(a); // f = 4x^2 + 2x, df/dx = 8x + 2 = 26
        f.backward();
        assertThat(x.grad().item()).isEqualTo(26.0);
    }

    @Test
    void backwardTwiceAccumulatesIntoLeavesWithRetainedGraph() {
        Variable x = scalar(3);
        Variable f = x.square();
        f.backward(null, true, false);
        f.backward(null, false, false);
        assertThat(x.grad().item()).isEqualTo(12.0);
    }

    @Test
    void secondBackwardWithoutRetainGraphFailsClearly() {
        Variable x = scalar(3);
        Variable f = x.square().exp();
        f.backward();
        assertThatThrownBy(f::backward).hasMessageContaining("graph was already freed").hasMessageContaining("retainGraph");
    }

    @Test
    void broadcastGradientsAreSummedToTheInputShape() {
        Variable a = Variable.parameter(Tensor.ones(DType.FLOAT64, 3, 4));
        Variable b = Variable.parameter(Tensor.ones(DType.FLOAT64, 4));
        a.add(b).sum().backward();
        assertThat(b.grad().shape()).containsExactly(4);
        assertThat(b.grad().toDoubleArray()).containsOnly(3.0);
    }

    @Test
    void noGradRecordsNothing() {
        Variable x = scalar(2);
        Variable y;
        try (var s = GradMode.noGrad()) {
            y = x.mul(x);
        }
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
        assertThat(x.mul(x).requiresGrad()).isTrue();
    }

    @Test
    void gradOfGradGivesSecondDerivative() {
        Variable x = scalar(2);
        Variable f = x.pow(3.0); // f' = 3x^2 = 12, f'' = 6x = 12, f''' = 6
        Variable d1 = Autograd.grad(new Variable[] {f}, null, new Variable[] {x}, true, true, false)[0];
        assertThat(d1.item()).isEqualTo(12.0);
        Variable d2 = Autograd.grad(new Variable[] {d1}, null, new Variable[] {x}, true, true, false)[0];
        assertThat(d2.item()).isEqualTo(12.0);
        Variable d3 = Autograd.grad(new Variable[] {d2}, null, new Variable[] {x}, false, false, false)[0];
        assertThat(d3.item()).isEqualTo(6.0);
    }

    @Test
    void gradientPenaltyStyleDoubleBackwardThroughMatmul() {
        // Penalty P(w) = ||d(sum(tanh(x w)))/dx||^2; dP/dw needs gradients of gradients.
        GradCheck.check("gradient penalty", v -> {
            Variable x = v[0];
            Variable w = v[1];
            Variable out = x.matmul(w).tanh().sum();
            Variable gx = Autograd.grad(new Variable[] {out}, null, new Variable[] {x}, true, true, false)[0];
            return gx.square().sum(1, false).sqrt().sub(1.0).square().mean();
        }, Tensor.randn(new gradiente.tensor.Generator(3), DType.FLOAT64, 4, 3),
                Tensor.randn(new gradiente.tensor.Generator(4), DType.FLOAT64, 3, 2));
    }

    @Test
    void gradOfUnusedInputIsAnErrorUnlessAllowed() {
        Variable x = scalar(1);
        Variable y = scalar(2);
        Variable f = x.square();
        assertThatThrownBy(() -> Autograd.grad(new Variable[] {f}, null, new Variable[] {y}, true, false, false))
                .hasMessageContaining("not used");
        assertThat(Autograd.grad(new Variable[] {f}, null, new Variable[] {y}, true, false, true)[0].item()).isZero();
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Variable x = scalar(1);
        Variable y = x;
        for (int i = 0; i < 20000; i++) {
            y = y.add(1e-4);
        }
        y.backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
    }
}
