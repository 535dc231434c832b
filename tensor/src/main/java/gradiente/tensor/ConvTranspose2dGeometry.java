package gradiente.tensor;

/**
 * The geometry of a 2-D transposed convolution with PyTorch's {@code ConvTranspose2d} semantics
 * (thesis 2.6.1, "convolución traspuesta"): every input pixel scatters a copy of the kernel, scaled
 * by its value, into the output at stride spacing, and overlapping products add. It is the adjoint of
 * the cross-correlation with the same stride, padding, dilation and groups ({@link #toConv()}).
 *
 * <p>Shapes: input {@code [N, Cin, H, W]}, weight {@code [Cin, Cout/groups, kH, kW]}, output
 * {@code [N, Cout, Ho, Wo]} with
 * {@code Ho = (H - 1)*strideH - 2*padH + dilationH*(kH - 1) + outputPadH + 1} and likewise for W.
 * Padding crops {@code padH} rows from each side of the full result; output padding adds rows at the
 * bottom (right) to pick among the input sizes a strided convolution maps to the same size. As in
 * PyTorch, output padding must be smaller than the stride or the dilation of its axis.
 */
public record ConvTranspose2dGeometry(int strideH, int strideW, int padH, int padW, int outputPadH, int outputPadW,
                                      int dilationH, int dilationW, int groups) {

    public ConvTranspose2dGeometry {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("convTranspose2d: strides must be >= 1, got " + strideH + "x" + strideW);
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("convTranspose2d: dilations must be >= 1, got " + dilationH + "x"
                    + dilationW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("convTranspose2d: padding must be >= 0, got " + padH + "x" + padW);
        }
        if (groups < 1) {
            throw new IllegalArgumentException("convTranspose2d: groups must be >= 1, got " + groups);
        }
        if (outputPadH < 0 || outputPadW < 0 || outputPadH >= Math.max(strideH, dilationH)
                || outputPadW >= Math.max(strideW, dilationW)) {
            throw new IllegalArgumentException("convTranspose2d: output padding " + outputPadH + "x" + outputPadW
                    + " must be >= 0 and smaller than stride " + strideH + "x" + strideW + " or dilation "
                    + dilationH + "x" + dilationW);
        }
    }

    /** Equal stride and padding on both axes; no output padding, no dilation, one group. */
    public static ConvTranspose2dGeometry of(int stride, int padding) {
        return new ConvTranspose2dGeometry(stride, stride, padding, padding, 0, 0, 1, 1, 1);
    }

    /** Output height for an input height and kernel height. */
    public int outHeight(int h, int kH) {
        return (h - 1) * strideH - 2 * padH + dilationH * (kH - 1) + outputPadH + 1;
    }

    /** Output width for an input width and kernel width. */
    public int outWidth(int w, int kW) {
        return (w - 1) * strideW - 2 * padW + dilationW * (kW - 1) + outputPadW + 1;
    }

    /** The cross-correlation this transposed convolution is the adjoint of (symmetric padding). */
    public Conv2dGeometry toConv() {
        return new Conv2dGeometry(strideH, strideW, padH, padH, padW, padW, dilationH, dilationW, groups);
    }
}
