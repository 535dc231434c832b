package gradiente.autograd.golden;

import gradiente.autograd.ConvOps;
import gradiente.autograd.Variable;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.ConvTranspose2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Pool2dGeometry;
import gradiente.testdata.GoldenCase;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * PyTorch golden values (test-data group {@code conv}, written by {@code test-data/scripts/make_golden.py})
 * for the differentiable convolution family of {@link ConvOps}: cross-correlation and true convolution
 * over a grid of shapes, strides, paddings (symmetric, per side, "same"), dilations and groups;
 * transposed convolution with output padding; max, min and average pooling (with and without counting
 * padding); global average pooling; nearest upsampling; and second-order cases (the gradient penalty
 * {@code sum((dL/dx)^2)} differentiated again) through conv2d, convTranspose2d and a small critic of
 * upsampling, convolution, tanh, max and average pooling. float64 to 1e-10; float32 forward and
 * gradients to 1e-4: the float32 inputs already differ from the stored ones by up to 6e-8 relative, and
 * a convolution output sums up to 36 such products, so outputs that cancel to a few thousandths of
 * the tensor's largest value carry absolute errors near 3e-7 whatever the kernel does (the reference
 * kernels accumulate in float64).
 */
class ConvGoldenTest {
    private static final Map<String, GoldenOp> OPS = new HashMap<>();

    /** stride [sh, sw], padding [top, bottom, left, right], dilation [dh, dw], groups. */
    private static Conv2dGeometry conv(GoldenCase c) {
        int[] s = c.intArrayParam("stride");
        int[] p = c.intArrayParam("padding");
        int[] d = c.intArrayParam("dilation");
        return new Conv2dGeometry(s[0], s[1], p[0], p[1], p[2], p[3], d[0], d[1], c.intParam("groups"));
    }

    /** stride, padding [ph, pw], output_padding, dilation (each [h, w]), groups. */
    private static ConvTranspose2dGeometry convTranspose(GoldenCase c) {
        int[] s = c.intArrayParam("stride");
        int[] p = c.intArrayParam("padding");
        int[] op = c.intArrayParam("output_padding");
        int[] d = c.intArrayParam("dilation");
        return new ConvTranspose2dGeometry(s[0], s[1], p[0], p[1], op[0], op[1], d[0], d[1], c.intParam("groups"));
    }

    /** kernel, stride, padding, each [h, w]. */
    private static Pool2dGeometry pool(GoldenCase c) {
        int[] k = c.intArrayParam("kernel");
        int[] s = c.intArrayParam("stride");
        int[] p = c.intArrayParam("padding");
        return new Pool2dGeometry(k[0], k[1], s[0], s[1], p[0], p[1]);
    }

    static {
        OPS.put("conv2d", (c, in) -> ConvOps.conv2d(in.get("x"), in.get("w"), in.get("bias"), conv(c)));
        OPS.put("convolve2d", (c, in) -> ConvOps.convolve2d(in.get("x"), in.get("w"), in.get("bias"), conv(c)));
        OPS.put("conv_transpose2d", (c, in) -> ConvOps.convTranspose2d(in.get("x"), in.get("w"), in.get("bias"),
                convTranspose(c)));
        OPS.put("max_pool2d", (c, in) -> ConvOps.maxPool2d(in.get("x"), pool(c)));
        OPS.put("min_pool2d", (c, in) -> ConvOps.minPool2d(in.get("x"), pool(c)));
        OPS.put("avg_pool2d", (c, in) -> ConvOps.avgPool2d(in.get("x"), pool(c), c.boolParam("count_include_pad")));
        OPS.put("global_avg_pool2d", (c, in) -> ConvOps.globalAvgPool2d(in.get("x")));
        OPS.put("upsample_nearest2d", (c, in) -> ConvOps.upsampleNearest2d(in.get("x"), c.intArrayParam("scale")[0],
                c.intArrayParam("scale")[1]));

        OPS.put("conv2d_gradpenalty", (c, in) -> ConvOps.conv2d(in.get("x"), in.get("w"), in.get("bias"), conv(c)).tanh());
        OPS.put("conv_transpose2d_gradpenalty", (c, in) -> ConvOps.convTranspose2d(in.get("x"), in.get("w"),
                in.get("bias"), convTranspose(c)).tanh());
        OPS.put("critic_gradpenalty", (c, in) -> {
            Variable up = ConvOps.upsampleNearest2d(in.get("x"), 2, 2);
            Variable h = ConvOps.conv2d(up, in.get("w"), in.get("bias"), Conv2dGeometry.of(1, 1)).tanh();
            return ConvOps.avgPool2d(ConvOps.maxPool2d(h, Pool2dGeometry.of(2, 2)), new Pool2dGeometry(2, 2, 1, 1, 1, 1), false);
        });
    }

    @TestFactory
    Stream<DynamicNode> float64() {
        return new GoldenRunner(OPS, DType.FLOAT64).group("conv");
    }

    @TestFactory
    Stream<DynamicNode> float32() {
        return new GoldenRunner(OPS, DType.FLOAT32, GoldenRunner.FLOAT32_GRAD_RTOL).group("conv");
    }
}
