package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.ConvTranspose2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient checks (float64) of the convolution family, first and second order, over
 * the parameter classes of the issue: odd sizes, stride larger than the kernel, padding (symmetric and
 * per side), dilation, groups, output padding, and non-contiguous inputs (the op then reads a
 * transposed view made inside the graph).
 */
class ConvGradCheckTest {
    private static final Generator GEN = new Generator(31);

    private static Tensor randn(int... shape) {
        return Tensor.randn(GEN, DType.FLOAT64, shape);
    }

    private static Arguments op(String name, Function<Variable[], Variable> f, Tensor... in) {
        return Arguments.of(Named.of(name, f), in);
    }

    private static Conv2dGeometry conv(int sh, int sw, int top, int bottom, int left, int right, int dh, int dw, int groups) {
        return new Conv2dGeometry(sh, sw, top, bottom, left, right, dh, dw, groups);
    }

    static Stream<Arguments> firstOrder() {
        ConvTranspose2dGeometry dcgan = ConvTranspose2dGeometry.of(2, 1);
        return Stream.of(
                op("conv2d k3 with bias", v -> ConvOps.conv2d(v[0], v[1], v[2], Conv2dGeometry.of(1, 0)),
                        randn(2, 3, 5, 5), randn(4, 3, 3, 3), randn(4)),
                op("conv2d odd sizes, rectangular kernel", v -> ConvOps.conv2d(v[0], v[1], null, Conv2dGeometry.of(1, 0)),
                        randn(1, 2, 5, 7), randn(3, 2, 3, 2)),
                op("conv2d stride > kernel", v -> ConvOps.conv2d(v[0], v[1], v[2], Conv2dGeometry.of(3, 0)),
                        randn(2, 2, 7, 8), randn(2, 2, 2, 2), randn(2)),
                op("conv2d mixed strides, per-side padding", v -> ConvOps.conv2d(v[0], v[1], null, conv(2, 1, 1, 0, 2, 1, 1, 1, 1)),
                        randn(1, 2, 6, 5), randn(2, 2, 3, 3)),
                op("conv2d dilation 2, padding 2", v -> ConvOps.conv2d(v[0], v[1], null, conv(1, 1, 2, 2, 2, 2, 2, 2, 1)),
                        randn(1, 2, 6, 6), randn(2, 2, 3, 3)),
                op("conv2d groups 2, stride 2", v -> ConvOps.conv2d(v[0], v[1], v[2], conv(2, 2, 1, 1, 1, 1, 1, 1, 2)),
                        randn(1, 4, 5, 5), randn(4, 2, 3, 3), randn(4)),
                op("conv2d non-contiguous input", v -> ConvOps.conv2d(v[0].transpose(2, 3), v[1], null, Conv2dGeometry.of(1, 1)),
                        randn(2, 2, 4, 5), randn(3, 2, 3, 3)),
                op("conv2d same k4", v -> ConvOps.conv2d(v[0], v[1], null, Conv2dGeometry.same(4, 4)),
                        randn(1, 1, 5, 5), randn(2, 1, 4, 4)),
                op("convolve2d", v -> ConvOps.convolve2d(v[0], v[1], v[2], conv(1, 2, 1, 1, 0, 0, 1, 1, 1)),
                        randn(2, 2, 5, 5), randn(2, 2, 3, 2), randn(2)),
                op("convTranspose2d k4 s2 p1 (DCGAN)", v -> ConvOps.convTranspose2d(v[0], v[1], v[2], dcgan),
                        randn(1, 3, 3, 3), randn(3, 2, 4, 4), randn(2)),
                op("convTranspose2d output padding, mixed strides",
                        v -> ConvOps.convTranspose2d(v[0], v[1], null, new ConvTranspose2dGeometry(2, 3, 0, 1, 1, 2, 1, 1, 1)),
                        randn(1, 2, 3, 4), randn(2, 2, 3, 2)),
                op("convTranspose2d dilation 2, output padding >= stride",
                        v -> ConvOps.convTranspose2d(v[0], v[1], null, new ConvTranspose2dGeometry(1, 1, 1, 1, 1, 1, 2, 2, 1)),
                        randn(1, 2, 3, 3), randn(2, 2, 3, 3)),
                op("convTranspose2d groups 2, non-contiguous weight",
                        v -> ConvOps.convTranspose2d(v[0], v[1].transpose(2, 3), v[2], new ConvTranspose2dGeometry(2, 2, 1, 1, 0, 0, 1, 1, 2)),
                        randn(2, 4, 3, 3), randn(4, 3, 3, 3), randn(6)),
                op("maxPool2d k3 s2 p1", v -> ConvOps.maxPool2d(v[0], new Pool2dGeometry(3, 3, 2, 2, 1, 1)), randn(2, 2, 5, 5)),
                op("maxPool2d stride > kernel, non-contiguous", v -> ConvOps.maxPool2d(v[0].transpose(2, 3), new Pool2dGeometry(2, 2, 3, 3, 0, 0)),
                        randn(1, 2, 7, 7)),
                op("minPool2d k3x2 s1x2 p1x0", v -> ConvOps.minPool2d(v[0], new Pool2dGeometry(3, 2, 1, 2, 1, 0)), randn(2, 1, 5, 6)),
                op("avgPool2d counting padding", v -> ConvOps.avgPool2d(v[0], new Pool2dGeometry(3, 3, 2, 2, 1, 1), true), randn(1, 2, 5, 5)),
                op("avgPool2d not counting padding", v -> ConvOps.avgPool2d(v[0], new Pool2dGeometry(3, 3, 2, 2, 1, 1), false), randn(1, 2, 5, 5)),
                op("globalAvgPool2d", v -> ConvOps.globalAvgPool2d(v[0]), randn(2, 3, 3, 5)),
                op("upsampleNearest2d 2x3", v -> ConvOps.upsampleNearest2d(v[0], 2, 3), randn(1, 2, 3, 2)),
                op("upsampleNearest2d non-contiguous", v -> ConvOps.upsampleNearest2d(v[0].transpose(2, 3), 3, 1), randn(1, 2, 2, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstOrder")
    void firstOrderGradients(Function<Variable[], Variable> f, Tensor[] inputs) {
        GradCheck.check(f.toString(), f, inputs);
    }

    /** Smooth wrappers (tanh) keep the second derivative of the linear ops from vanishing identically. */
    static Stream<Arguments> secondOrder() {
        return Stream.of(
                op("conv2d pad 1 with bias", v -> ConvOps.conv2d(v[0], v[1], v[2], Conv2dGeometry.of(1, 1)).tanh(),
                        randn(1, 2, 4, 4), randn(2, 2, 3, 3), randn(2)),
                op("conv2d stride 2, dilation 2, groups 2", v -> ConvOps.conv2d(v[0], v[1], null, conv(2, 2, 1, 1, 1, 1, 2, 2, 2)).tanh(),
                        randn(1, 4, 5, 5), randn(2, 2, 3, 3)),
                op("convolve2d non-contiguous", v -> ConvOps.convolve2d(v[0].transpose(2, 3), v[1], null, Conv2dGeometry.of(1, 0)).tanh(),
                        randn(1, 1, 4, 5), randn(2, 1, 2, 2)),
                op("convTranspose2d k3 s2 p1 op1", v -> ConvOps.convTranspose2d(v[0], v[1], v[2], new ConvTranspose2dGeometry(2, 2, 1, 1, 1, 1, 1, 1, 1)).tanh(),
                        randn(1, 2, 2, 3), randn(2, 2, 3, 3), randn(2)),
                op("convTranspose2d dilation 2, output padding >= stride",
                        v -> ConvOps.convTranspose2d(v[0], v[1], null, new ConvTranspose2dGeometry(1, 1, 1, 1, 1, 1, 2, 2, 1)).tanh(),
                        randn(1, 1, 3, 3), randn(1, 2, 2, 2)),
                op("maxPool2d of tanh", v -> ConvOps.maxPool2d(v[0].tanh(), new Pool2dGeometry(3, 3, 2, 2, 1, 1)).square(), randn(1, 2, 5, 5)),
                op("minPool2d of tanh", v -> ConvOps.minPool2d(v[0].tanh(), Pool2dGeometry.of(2, 2)).square(), randn(1, 1, 4, 5)),
                op("avgPool2d of tanh", v -> ConvOps.avgPool2d(v[0].tanh(), new Pool2dGeometry(2, 3, 1, 2, 1, 1), false).square(),
                        randn(1, 2, 4, 5)),
                op("upsample then conv", v -> ConvOps.conv2d(ConvOps.upsampleNearest2d(v[0], 2, 2), v[1], null, Conv2dGeometry.of(1, 1)).tanh(),
                        randn(1, 1, 2, 3), randn(2, 1, 3, 3)),
                op("critic: conv, max and global pooling", v -> ConvOps.globalAvgPool2d(ConvOps.maxPool2d(
                        ConvOps.conv2d(v[0], v[1], v[2], Conv2dGeometry.of(1, 1)).tanh(), Pool2dGeometry.of(2, 2))).square(),
                        randn(2, 1, 4, 4), randn(2, 1, 3, 3), randn(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondOrder")
    void secondOrderGradients(Function<Variable[], Variable> f, Tensor[] inputs) {
        GradCheck.checkSecondOrder(f.toString(), f, inputs);
    }

    @Test
    void gradientOfTransposedConvolutionCentreReachesEveryInput() {
        // Thesis figure 45: the centre of a 2x2 -> 3x3 transposed convolution sums a product of every input.
        Variable x = Variable.parameter(Tensor.of(new double[] {2, 4, 1, 3}, DType.FLOAT64, 1, 1, 2, 2));
        Variable w = new Variable(Tensor.of(new double[] {3, 1, 1, 5}, DType.FLOAT64, 1, 1, 2, 2));
        Variable out = ConvOps.convTranspose2d(x, w, null, ConvTranspose2dGeometry.of(1, 0));
        out.select(2, 1).select(2, 1).sum().backward();
        // d centre / d x[i][j] = w[1-i][1-j].
        assertThat(x.grad().toDoubleArray()).containsExactly(5, 1, 1, 3);
    }

    @Test
    void maxPoolingRoutesTheGradientToTheMaxima() {
        Variable x = Variable.parameter(Tensor.of(new double[] {
            12, 20, 30, 45,
            8, 12, 2, 0,
            34, 70, 37, 4,
            112, 100, 25, 12}, DType.FLOAT64, 1, 1, 4, 4));
        ConvOps.maxPool2d(x, Pool2dGeometry.of(2, 2)).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0);
    }
}
