package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Thesis section 2.2: the feed-forward network with one hidden layer of two ReLU units solves XOR
 * with theta1 = [[1,1],[1,1]], c = [0,-1], theta2 = [1,-2], b = 0:
 * y = theta2^T max(0, theta1^T x + c) + b.
 */
class XorNetworkTest {
    @Test
    void thesisParametersComputeXor() {
        Variable theta1 = Variable.parameter(Tensor.of(new double[] {1, 1, 1, 1}, 2, 2));
        Variable c = Variable.parameter(Tensor.of(new double[] {0, -1}, 2, 1));
        Variable theta2 = Variable.parameter(Tensor.of(new double[] {1, -2}, 2, 1));
        Variable b = Variable.parameter(Tensor.of(new double[] {0}, 1, 1));
        // The four inputs as columns, as in the thesis: x = [[0,0,1,1],[0,1,0,1]].
        Variable x = new Variable(Tensor.of(new double[] {0, 0, 1, 1, 0, 1, 0, 1}, 2, 4));

        Variable pre = theta1.t().matmul(x).add(c);
        assertThat(pre.data().toDoubleArray()).containsExactly(0, 1, 1, 2, -1, 0, 0, 1);
        Variable h = pre.relu();
        assertThat(h.data().toDoubleArray()).containsExactly(0, 1, 1, 2, 0, 0, 0, 1);
        Variable y = theta2.t().matmul(h).add(b);
        assertThat(y.data().toDoubleArray()).containsExactly(0, 1, 1, 0);

        // At the exact solution the MSE loss and hence every gradient is zero.
        Variable target = new Variable(Tensor.of(new double[] {0, 1, 1, 0}, 1, 4));
        Variable loss = y.sub(target).square().mean();
        loss.backward();
        assertThat(loss.item()).isZero();
        assertThat(theta2.grad().toDoubleArray()).containsOnly(0.0);
    }
}
