package gradiente.tensor;

/**
 * The convolution family on tensors (NCHW), computed by the tensors' {@link Backend}: cross-correlation
 * and true convolution (seed 000 eq. 5 and 4), transposed convolution, max/min/average pooling, global
 * average pooling and nearest-neighbour upsampling (thesis 2.6 and 2.6.1), plus the two gradient
 * kernels of a convolution that autograd composes backward passes from.
 *
 * <p>Shapes and output sizes are those of {@link Conv2dGeometry}, {@link ConvTranspose2dGeometry} and
 * {@link Pool2dGeometry}; shape errors come from {@link ConvShapes} and name the op and both shapes.
 * Results are new contiguous tensors of the promoted dtype of the inputs.
 */
public final class Convolutions {
    private Convolutions() {
    }

    private static int[] shapeOrNull(Tensor t) {
        return t == null ? null : t.shape();
    }

    private static DType promote(Tensor a, Tensor b) {
        a.requireSameDevice("conv2d", b);
        return DType.promote(a.dtype(), b.dtype());
    }

    private static Tensor addBias(Tensor out, Tensor bias) {
        return bias == null ? out : out.add(bias.reshape(1, -1, 1, 1));
    }

    /**
     * Cross-correlation, what frameworks call convolution (seed 000 eq. 5, {@code C(i,j) = sum_{m,n}
     * I(i+m, j+n) K(m,n)} per channel, summed over the input channels of the group):
     * {@code out[n][o][i][j] = bias[o] + sum_{c,u,v} x[n][c'][i*sH + u*dH - padTop][j*sW + v*dW - padLeft]
     * * w[o][c][u][v]}, zero outside the input. x {@code [N, C, H, W]}, w {@code [O, C/groups, kH, kW]},
     * bias {@code [O]} or null, out {@code [N, O, Ho, Wo]} with
     * {@code Ho = floor((H + padTop + padBottom - dH*(kH-1) - 1) / sH) + 1}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g) {
        int[] shape = ConvShapes.conv2d("conv2d", x.shape(), w.shape(), shapeOrNull(bias), g);
        Tensor out = Tensor.zeros(promote(x, w), x.device(), shape);
        x.backend().conv2d(x, w, g, out);
        return addBias(out, bias);
    }

    /** {@link #conv2d} without bias. */
    public static Tensor conv2d(Tensor x, Tensor w, Conv2dGeometry g) {
        return conv2d(x, w, null, g);
    }

    /**
     * True convolution (seed 000 eq. 4, {@code C(i,j) = sum_{m,n} I(i-m, j-n) K(m,n)}): the
     * cross-correlation with the kernel flipped in both spatial axes (a view, no copy). Same shapes as
     * {@link #conv2d}.
     */
    public static Tensor convolve2d(Tensor x, Tensor w, Tensor bias, Conv2dGeometry g) {
        ConvShapes.conv2d("convolve2d", x.shape(), w.shape(), shapeOrNull(bias), g);
        return conv2d(x, w.flip(2, 3), bias, g);
    }

    /**
     * Transposed convolution with PyTorch's {@code ConvTranspose2d} semantics (see
     * {@link ConvTranspose2dGeometry}): {@code out[n][c][y][x] += x[n][o][i][j] * w[o][c'][u][v]} for
     * {@code y = i*sH + u*dH - padH}, {@code x = j*sW + v*dW - padW}, overlapping products adding. x
     * {@code [N, Cin, H, W]}, w {@code [Cin, Cout/groups, kH, kW]}, bias {@code [Cout]} or null, out
     * {@code [N, Cout, (H-1)*sH - 2*padH + dH*(kH-1) + outputPadH + 1, ...]}.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvTranspose2dGeometry g) {
        int[] shape = ConvShapes.convTranspose2d("convTranspose2d", x.shape(), w.shape(), shapeOrNull(bias), g);
        Tensor out = Tensor.zeros(promote(x, w), x.device(), shape);
        x.backend().conv2dBackwardInput(x, w, g.toConv(), out);
        return addBias(out, bias);
    }

    /**
     * Gradient of {@link #conv2d} with respect to its input: gradOut {@code [N, O, Ho', Wo']} scattered
     * back through w {@code [O, C/groups, kH, kW]} into {@code [N, C, h, wd]} (the input's height and
     * width, which the geometry alone does not determine). It is the transposed convolution of gradOut.
     * {@code Ho'} may be smaller than the convolution's output height (rows never read contribute 0).
     */
    public static Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, int h, int wd) {
        int[] go = gradOut.shape();
        int[] full = ConvShapes.conv2d("conv2dBackwardInput", new int[] {go[0], w.size(1) * g.groups(), h, wd},
                w.shape(), null, g);
        requireWithin("conv2dBackwardInput", gradOut, full);
        Tensor out = Tensor.zeros(promote(gradOut, w), gradOut.device(), go[0], w.size(1) * g.groups(), h, wd);
        gradOut.backend().conv2dBackwardInput(gradOut, w, g, out);
        return out;
    }

    /**
     * Gradient of {@link #conv2d} with respect to its weight:
     * {@code gradW[o][c][u][v] = sum_{n,i,j} gradOut[n][o][i][j] * x[n][c'][i*sH + u*dH - padTop][j*sW + v*dW - padLeft]},
     * gradW {@code [O, C/groups, kH, kW]} with O the channels of gradOut. gradOut's height and width may be
     * smaller than the convolution's output (outputs beyond contribute 0).
     */
    public static Tensor conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, int kH, int kW) {
        int[] xs = x.shape();
        int[] go = gradOut.shape();
        if (go.length != 4 || xs.length != 4 || xs[1] % g.groups() != 0) {
            throw new IllegalArgumentException("conv2dBackwardWeight: input " + x.shapeString() + " and gradient "
                    + gradOut.shapeString() + " must be 4-D with input channels divisible by groups " + g.groups());
        }
        int[] ws = {go[1], xs[1] / g.groups(), kH, kW};
        int[] full = ConvShapes.conv2d("conv2dBackwardWeight", xs, ws, null, g);
        requireWithin("conv2dBackwardWeight", gradOut, full);
        Tensor out = Tensor.zeros(promote(x, gradOut), x.device(), ws);
        x.backend().conv2dBackwardWeight(x, gradOut, g, out);
        return out;
    }

    private static void requireWithin(String op, Tensor gradOut, int[] full) {
        int[] go = gradOut.shape();
        if (go.length != 4 || go[0] != full[0] || go[1] != full[1] || go[2] > full[2] || go[3] > full[3]) {
            throw new IllegalArgumentException(op + ": gradient " + gradOut.shapeString()
                    + " does not fit the convolution output " + java.util.Arrays.toString(full));
        }
    }

    // ------------------------------------------------------------------ pooling

    private static PoolResult extremePool(String op, PoolMode mode, Tensor x, Pool2dGeometry g) {
        int[] shape = ConvShapes.pool2d(op, x.shape(), g);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), shape);
        Tensor idx = Tensor.zeros(x.dtype(), x.device(), shape);
        x.backend().pool2d(mode, x, g, out, idx);
        return new PoolResult(out, idx);
    }

    /**
     * Max pooling (thesis 2.6, figure 39): the largest element of each {@code kernelH x kernelW} window,
     * windows {@code stride} apart, padding never chosen; with the index of each chosen element.
     * x {@code [N, C, H, W]} to {@code [N, C, Ho, Wo]}, {@code Ho = floor((H + 2*padH - kernelH)/strideH) + 1}.
     */
    public static PoolResult maxPool2dWithIndices(Tensor x, Pool2dGeometry g) {
        return extremePool("maxPool2d", PoolMode.MAX, x, g);
    }

    /** Minimum pooling (thesis 2.6 lists it beside max and average), with indices. */
    public static PoolResult minPool2dWithIndices(Tensor x, Pool2dGeometry g) {
        return extremePool("minPool2d", PoolMode.MIN, x, g);
    }

    /** The values of {@link #maxPool2dWithIndices}. */
    public static Tensor maxPool2d(Tensor x, Pool2dGeometry g) {
        return maxPool2dWithIndices(x, g).values();
    }

    /** The values of {@link #minPool2dWithIndices}. */
    public static Tensor minPool2d(Tensor x, Pool2dGeometry g) {
        return minPool2dWithIndices(x, g).values();
    }

    /**
     * Average pooling: the mean of each window, dividing by {@code kernelH*kernelW} when
     * {@code countIncludePad} (padding counts as zeros) or else by the number of in-bounds elements.
     */
    public static Tensor avgPool2d(Tensor x, Pool2dGeometry g, boolean countIncludePad) {
        return pool2d(avgMode(countIncludePad), x, g).values();
    }

    /** The average-pooling mode for a count-include-pad choice. */
    public static PoolMode avgMode(boolean countIncludePad) {
        return countIncludePad ? PoolMode.AVG_INCLUDE_PAD : PoolMode.AVG_EXCLUDE_PAD;
    }

    /** Pooling in any mode; indices are null for the averages. */
    public static PoolResult pool2d(PoolMode mode, Tensor x, Pool2dGeometry g) {
        String op = switch (mode) {
            case MAX -> "maxPool2d";
            case MIN -> "minPool2d";
            default -> "avgPool2d";
        };
        if (mode == PoolMode.MAX || mode == PoolMode.MIN) {
            return extremePool(op, mode, x, g);
        }
        int[] shape = ConvShapes.pool2d(op, x.shape(), g);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), shape);
        x.backend().pool2d(mode, x, g, out, null);
        return new PoolResult(out, null);
    }

    /**
     * Gradient of {@link #pool2d} with respect to its input {@code [N, C, h, w]}: MAX/MIN route each
     * gradient to the recorded index, the averages spread it evenly over the window.
     */
    public static Tensor pool2dBackward(PoolMode mode, Tensor gradOut, Tensor indices, Pool2dGeometry g, int h, int w) {
        int[] go = gradOut.shape();
        ConvShapes.requireShape("pool2dBackward", "gradient", go,
                ConvShapes.pool2d("pool2dBackward", new int[] {go[0], go[1], h, w}, g));
        Tensor out = Tensor.zeros(gradOut.dtype(), gradOut.device(), go[0], go[1], h, w);
        gradOut.backend().pool2dBackward(mode, gradOut, indices, g, out);
        return out;
    }

    /** Global average pooling: the mean of each channel plane, {@code [N, C, H, W] -> [N, C, 1, 1]}. */
    public static Tensor globalAvgPool2d(Tensor x) {
        ConvShapes.requireNchw("globalAvgPool2d", x.shape());
        return x.mean(new int[] {2, 3}, true);
    }

    /**
     * Nearest-neighbour upsampling by integer factors (thesis 2.6.1, figures 41-42): every pixel is
     * copied into a {@code scaleH x scaleW} block, {@code [N, C, H, W] -> [N, C, H*scaleH, W*scaleW]}.
     * Built from views ({@code [N, C, H, 1, W, 1]} expanded to {@code [N, C, H, sH, W, sW]}) and one
     * reshape, which copies.
     */
    public static Tensor upsampleNearest2d(Tensor x, int scaleH, int scaleW) {
        int[] s = upsampleShape(x.shape(), scaleH, scaleW);
        return x.unsqueeze(3).unsqueeze(5).expand(s[0], s[1], s[2] / scaleH, scaleH, s[3] / scaleW, scaleW).reshape(s);
    }

    /** Output shape of nearest upsampling, validating the input and factors. */
    public static int[] upsampleShape(int[] x, int scaleH, int scaleW) {
        ConvShapes.requireNchw("upsampleNearest2d", x);
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException("upsampleNearest2d: scale factors must be >= 1, got " + scaleH + "x"
                    + scaleW + " for input " + java.util.Arrays.toString(x));
        }
        return new int[] {x[0], x[1], x[2] * scaleH, x[3] * scaleW};
    }
}
