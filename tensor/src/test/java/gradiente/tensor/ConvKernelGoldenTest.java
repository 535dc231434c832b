package gradiente.tensor;

import gradiente.tensor.cpu.CpuBackend;
import gradiente.tensor.cpu.ReferenceBackend;
import gradiente.testdata.GoldenArray;
import gradiente.testdata.GoldenCase;
import gradiente.testdata.GoldenCompare;
import gradiente.testdata.GoldenFile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The convolution and pooling kernels of every CPU backend (reference and fast) against PyTorch's
 * float64 golden values (test-data group {@code conv}, first-order cases), with the backward of each
 * op composed from the kernels as autograd does: the input gradient of a convolution is
 * {@link Backend#conv2dBackwardInput}, a transposed convolution is that same kernel run forward, and
 * true convolution (seed 000 eq. 4) is cross-correlation with the kernel flipped by a view.
 * Upsampling and the second-order cases need autograd and are replayed there.
 */
class ConvKernelGoldenTest {
    private static final List<String> FILES = List.of("conv2d.json", "convolve2d.json", "conv_transpose2d.json", "pool.json");

    @TestFactory
    Stream<DynamicNode> kernels() {
        return Stream.of(new ReferenceBackend(), new CpuBackend()).map(b -> DynamicContainer.dynamicContainer(b.name(),
                FILES.stream().map(f -> GoldenFile.load("golden/conv/" + f)).map(f -> DynamicContainer.dynamicContainer(
                        f.resource(), f.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                                () -> Backends.withCpuBackend(b, () -> run(c))))))));
    }

    private static Tensor tensor(GoldenArray a) {
        return Tensor.of(a.data(), a.shape());
    }

    private static Tensor in(GoldenCase c, String name) {
        return tensor(c.array(name));
    }

    private static void check(GoldenCase c, String name, Tensor actual) {
        GoldenCompare.assertClose(c, name, actual.shape(), actual.toDoubleArray(), GoldenCompare.FLOAT64_RTOL);
    }

    private static Void run(GoldenCase c) {
        switch (c.op()) {
            case "conv2d", "convolve2d" -> conv(c, c.op().equals("convolve2d"));
            case "conv_transpose2d" -> convTranspose(c);
            case "max_pool2d" -> pool(c, PoolMode.MAX, geometry(c));
            case "min_pool2d" -> pool(c, PoolMode.MIN, geometry(c));
            case "avg_pool2d" -> pool(c, c.boolParam("count_include_pad") ? PoolMode.AVG_INCLUDE_PAD : PoolMode.AVG_EXCLUDE_PAD,
                    geometry(c));
            case "global_avg_pool2d" -> {
                int[] s = c.array("x").shape();
                pool(c, PoolMode.AVG_INCLUDE_PAD, new Pool2dGeometry(s[2], s[3], s[2], s[3], 0, 0));
            }
            default -> throw new AssertionError(c.id() + ": no kernel composition for op '" + c.op() + "'");
        }
        return null;
    }

    private static void conv(GoldenCase c, boolean flip) {
        int[] s = c.intArrayParam("stride");
        int[] p = c.intArrayParam("padding");
        int[] d = c.intArrayParam("dilation");
        Conv2dGeometry g = new Conv2dGeometry(s[0], s[1], p[0], p[1], p[2], p[3], d[0], d[1], c.intParam("groups"));
        Tensor x = in(c, "x");
        Tensor w = flip ? in(c, "w").flip(2, 3) : in(c, "w");
        Tensor up = in(c, "upstream");
        int[] ws = w.shape();
        int[] xs = x.shape();
        Tensor out = Tensor.zeros(DType.FLOAT64, xs[0], ws[0], g.outHeight(xs[2], ws[2]), g.outWidth(xs[3], ws[3]));
        x.backend().conv2d(x, w, g, out);
        Tensor gradX = Tensor.zeros(DType.FLOAT64, xs);
        x.backend().conv2dBackwardInput(up, w, g, gradX);
        Tensor gradW = Tensor.zeros(DType.FLOAT64, ws);
        x.backend().conv2dBackwardWeight(x, up, g, gradW);
        checkWithBias(c, out, up);
        check(c, "grad_x", gradX);
        check(c, "grad_w", flip ? gradW.flip(2, 3) : gradW);
    }

    /** out + bias over channels when the case has a bias, and the bias gradient: upstream summed over N, H, W. */
    private static void checkWithBias(GoldenCase c, Tensor out, Tensor up) {
        if (c.has("bias")) {
            out = out.add(in(c, "bias").reshape(1, -1, 1, 1));
            check(c, "grad_bias", up.sum(new int[] {0, 2, 3}, false));
        }
        check(c, "out", out);
    }

    private static void convTranspose(GoldenCase c) {
        int[] s = c.intArrayParam("stride");
        int[] p = c.intArrayParam("padding");
        int[] op = c.intArrayParam("output_padding");
        int[] d = c.intArrayParam("dilation");
        int groups = c.intParam("groups");
        Conv2dGeometry g = new Conv2dGeometry(s[0], s[1], p[0], p[0], p[1], p[1], d[0], d[1], groups);
        Tensor x = in(c, "x");
        Tensor w = in(c, "w");
        Tensor up = in(c, "upstream");
        int[] xs = x.shape();
        int[] ws = w.shape();
        int ho = (xs[2] - 1) * s[0] - 2 * p[0] + d[0] * (ws[2] - 1) + op[0] + 1;
        int wo = (xs[3] - 1) * s[1] - 2 * p[1] + d[1] * (ws[3] - 1) + op[1] + 1;
        Tensor out = Tensor.zeros(DType.FLOAT64, xs[0], ws[1] * groups, ho, wo);
        x.backend().conv2dBackwardInput(x, w, g, out);
        Tensor gradX = Tensor.zeros(DType.FLOAT64, xs);
        x.backend().conv2d(up, w, g, gradX);
        Tensor gradW = Tensor.zeros(DType.FLOAT64, ws);
        x.backend().conv2dBackwardWeight(up, x, g, gradW);
        checkWithBias(c, out, up);
        check(c, "grad_x", gradX);
        check(c, "grad_w", gradW);
    }

    private static Pool2dGeometry geometry(GoldenCase c) {
        int[] k = c.intArrayParam("kernel");
        int[] s = c.intArrayParam("stride");
        int[] p = c.intArrayParam("padding");
        return new Pool2dGeometry(k[0], k[1], s[0], s[1], p[0], p[1]);
    }

    private static void pool(GoldenCase c, PoolMode mode, Pool2dGeometry g) {
        Tensor x = in(c, "x");
        Tensor up = in(c, "upstream");
        int[] xs = x.shape();
        int[] os = {xs[0], xs[1], g.outHeight(xs[2]), g.outWidth(xs[3])};
        Tensor out = Tensor.zeros(DType.FLOAT64, os);
        boolean extreme = mode == PoolMode.MAX || mode == PoolMode.MIN;
        Tensor arg = extreme ? Tensor.zeros(DType.FLOAT64, os) : null;
        x.backend().pool2d(mode, x, g, out, arg);
        Tensor gradX = Tensor.zeros(DType.FLOAT64, xs);
        x.backend().pool2dBackward(mode, up, arg, g, gradX);
        check(c, "out", out);
        check(c, "grad_x", gradX);
    }
}
