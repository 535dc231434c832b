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

    /** Output height for an input height and kernel height. */
    public int outHeight(int h, int kH) {
        return Math.floorDiv(h + padTop + padBottom - dilationH * (kH - 1) - 1, strideH) + 1;
    }

    /** Output width for an input width and kernel width. */
    public int outWidth(int w, int kW) {
        return Math.floorDiv(w + padLeft + padRight - dilationW * (kW - 1) - 1, strideW) + 1;
    }
}
