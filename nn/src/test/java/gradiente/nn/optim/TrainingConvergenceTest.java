package gradiente.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.autograd.Variable;
import gradiente.nn.Sequential;
import gradiente.nn.activations.Tanh;
import gradiente.nn.layers.Linear;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Small problems that a correct layer/loss/optimiser stack must solve. */
class TrainingConvergenceTest {
    @Test
    void adamLearnsXor() {
        Generator g = new Generator(3);
        Sequential net = new Sequential(new Linear(2, 8, g), new Tanh(), new Linear(8, 1, g));
        Adam adam = new Adam(net.namedParameters(), 0.05);
        Variable x = new Variable(Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2));
        Variable y = new Variable(Tensor.of(new float[] {0, 1, 1, 0}, 4, 1));
        double first = Double.NaN;
        double loss = Double.NaN;
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            Variable l = Losses.bceWithLogits(net.forward(x), y, Reduction.MEAN);
            l.backward();
            adam.step();
            loss = l.item();
            if (step == 0) {
                first = loss;
            }
        }
        assertThat(first).isGreaterThan(0.5);
        assertThat(loss).isLessThan(0.02);
        double[] p = net.forward(x).sigmoid().data().toDoubleArray();
        assertThat(p[0]).isLessThan(0.1);
        assertThat(p[1]).isGreaterThan(0.9);
        assertThat(p[2]).isGreaterThan(0.9);
        assertThat(p[3]).isLessThan(0.1);
    }

    @Test
    void sgdWithMomentumFitsALinearRegression() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 64, 3);
        Tensor trueW = Tensor.of(new float[] {2, -1, 0.5f}, 3, 1);
        Tensor y = x.matmul(trueW).add(0.3);
        Linear model = new Linear(3, 1, g);
        SGD sgd = new SGD(model.namedParameters(), 0.05, 0.9, true);
        for (int step = 0; step < 200; step++) {
            sgd.zeroGrad();
            Losses.mse(model.forward(new Variable(x)), new Variable(y), Reduction.MEAN).backward();
            sgd.step();
        }
        assertThat(model.weight().data().allClose(trueW.reshape(1, 3), 0, 1e-3)).isTrue();
        assertThat(model.bias().data().item()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-3));
    }
}
