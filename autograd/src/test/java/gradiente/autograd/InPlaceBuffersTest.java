package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.ConvTranspose2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The buffer-saving paths (the leaky ReLU's backward writing its product into the slope mask, a
 * convolution's bias added into the convolution's own result) give bit-identically the values of the
 * op-by-op forms they replace.
 */
class InPlaceBuffersTest {
    @Test
    void leakyReluGradientIsTheThreeStepMaskTimesTheUpstreamGradient() {
        Generator gen = new Generator(11);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor xt = Tensor.randn(gen, dt, 3, 5, 7);
            Tensor gt = Tensor.randn(gen, dt, 3, 5, 7);
            Variable x = Variable.parameter(xt);
            x.leakyRelu(0.2).backward(gt, false, false);
            Tensor expected = gt.mul(xt.gt(0.0).mul(1 - 0.2).add(0.2));
            assertThat(x.grad().toDoubleArray()).as(dt.name()).containsExactly(expected.toDoubleArray());
            // Recorded backward (create-graph) takes the out-of-place path: the same numbers.
            Variable y = Variable.parameter(xt);
            Variable[] g = Autograd.grad(new Variable[] {y.leakyRelu(0.2)}, new Variable[] {new Variable(gt)},
                    new Variable[] {y}, false, true, false);
            assertThat(g[0].data().toDoubleArray()).containsExactly(expected.toDoubleArray());
            assertThat(g[0].requiresGrad()).isFalse(); // the slope of a piecewise-linear map is a constant
        }
    }

    @Test
    void reluGradientOnANonContiguousInput() {
        Generator gen = new Generator(12);
        Tensor xt = Tensor.randn(gen, DType.FLOAT32, 4, 6).transpose(0, 1);
        Tensor gt = Tensor.randn(gen, DType.FLOAT32, 6, 4);
        Variable x = Variable.parameter(xt);
        x.relu().backward(gt, false, false);
        assertThat(x.grad().toDoubleArray()).containsExactly(gt.mul(xt.gt(0.0)).toDoubleArray());
    }

    @Test
    void biasAddedIntoTheConvolutionMatchesAnAddedBias() {
        Generator gen = new Generator(13);
        Tensor xt = Tensor.randn(gen, DType.FLOAT32, 2, 3, 7, 7);
        Tensor wt = Tensor.randn(gen, DType.FLOAT32, 4, 3, 3, 3);
        Tensor bt = Tensor.randn(gen, DType.FLOAT32, 4);
        Tensor wT = Tensor.randn(gen, DType.FLOAT32, 4, 3, 4, 4);
        Variable[] fused = {Variable.parameter(xt), Variable.parameter(wt), Variable.parameter(bt), Variable.parameter(wT)};
        Variable[] plain = {Variable.parameter(xt), Variable.parameter(wt), Variable.parameter(bt), Variable.parameter(wT)};
        Conv2dGeometry g = Conv2dGeometry.of(2, 1);
        ConvTranspose2dGeometry gT = ConvTranspose2dGeometry.of(2, 1);
        Variable a = ConvOps.conv2d(fused[0], fused[1], fused[2], g);
        Variable fusedOut = ConvOps.convTranspose2d(a, fused[3], fused[2].narrow(0, 0, 3), gT);
        Variable b = ConvOps.conv2d(plain[0], plain[1], null, g).add(plain[2].reshape(1, 4, 1, 1));
        Variable plainOut = ConvOps.convTranspose2d(b, plain[3], null, gT).add(plain[2].narrow(0, 0, 3).reshape(1, 3, 1, 1));
        assertThat(fusedOut.data().toDoubleArray()).containsExactly(plainOut.data().toDoubleArray());
        fusedOut.square().sum().backward();
        plainOut.square().sum().backward();
        for (int i = 0; i < 4; i++) {
            assertThat(fused[i].grad().toDoubleArray()).as("gradient " + i).containsExactly(plain[i].grad().toDoubleArray());
        }
    }
}
