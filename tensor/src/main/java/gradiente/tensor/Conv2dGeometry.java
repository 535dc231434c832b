package gradiente.tensor;

/**
 * The geometry of a 2-D convolution over NCHW tensors (seed 000 eq. 5; thesis 2.6): stride per axis,
 * zero padding per side, dilation per axis and groups. The kernel size comes from the weight.
 *
 * <p>Shapes: input {@code [N, C, H, W]}, weight {@code [O, C/groups, kH, kW]}, output
 * {@code [N, O, Ho, Wo]} with
 * {@code Ho = floor((H + padTop + padBottom - dilationH*(kH-1) - 1) / strideH) + 1} and likewise for W.
 */
public record Conv2dGeometry(int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
                             int dilationH, int dilationW, int groups) {

    public Conv2dGeometry {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv2d: strides must be >= 1, got " + strideH + "x" + strideW);
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("conv2d: dilations must be >= 1, got " + dilationH + "x" + dilationW);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("conv2d: padding must be >= 0, got top " + padTop + " bottom "
                    + padBottom + " left " + padLeft + " right " + padRight);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups);
        }
    }

    /** Equal stride and symmetric padding on both axes, no dilation, one group. */
    public static Conv2dGeometry of(int stride, int padding) {
        return new Conv2dGeometry(stride, stride, padding, padding, padding, padding, 1, 1, 1);
    }

    /**
     * "Same" padding for stride 1 (Keras {@code padding="same"}, PyTorch {@code padding="same"}): the
     * output has the input's size. The dilated kernel's extra {@code d*(k-1)} rows are split with the
     * smaller half on top (left) and the larger at the bottom (right), as both frameworks do.
     */
    public static Conv2dGeometry same(int kH, int kW) {
        return same(0, 0, kH, kW, 1, 1, 1, 1);
    }

    /**
     * "Same" padding for any stride (Keras/TensorFlow rule): the output has {@code ceil(H / strideH)}
     * rows, and the total padding {@code max((Ho - 1)*strideH + dilationH*(kH - 1) + 1 - H, 0)} is split
     * with the smaller half on top (left). With stride 1 the input size does not matter.
     */
    public static Conv2dGeometry same(int h, int w, int kH, int kW, int strideH, int strideW, int dilationH,
                                      int dilationW) {
        if (kH < 1 || kW < 1) {
            throw new IllegalArgumentException("conv2d: same padding needs a kernel >= 1, got " + kH + "x" + kW);
        }
        int totalH = samePadding(h, kH, strideH, dilationH);
        int totalW = samePadding(w, kW, strideW, dilationW);
        return new Conv2dGeometry(strideH, strideW, totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2,
                dilationH, dilationW, 1);
    }

    private static int samePadding(int size, int k, int stride, int dilation) {
        if (stride == 1) {
            return dilation * (k - 1);
        }
        int out = Math.ceilDiv(size, stride);
        return Math.max((out - 1) * stride + dilation * (k - 1) + 1 - size, 0);
    }

    /** The same geometry with another number of groups. */
    public Conv2dGeometry withGroups(int g) {
        return new Conv2dGeometry(strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW, g);
    }

    /** Output height for an input height and kernel height. */
    public int outHeight(int h, int kH) {
        return Math.floorDiv(h + padTop + padBottom - dilationH * (kH - 1) - 1, strideH) + 1;
    }

    /** Output width for an input width and kernel width. */
    public int outWidth(int w, int kW) {
        return Math.floorDiv(w + padLeft + padRight - dilationW * (kW - 1) - 1, strideW) + 1;
    }
}
