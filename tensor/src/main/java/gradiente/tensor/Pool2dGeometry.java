package gradiente.tensor;

/**
 * The geometry of 2-D pooling over NCHW tensors: window, stride and symmetric zero padding per axis.
 * Output size: {@code Ho = floor((H + 2*padH - kernelH) / strideH) + 1}, likewise for W. Padding
 * must be at most half the window (as in PyTorch) so that every window sees an input element.
 */
public record Pool2dGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    public Pool2dGeometry {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool2d: kernel " + kernelH + "x" + kernelW + " and stride " + strideH
                    + "x" + strideW + " must be >= 1");
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool2d: padding " + padH + "x" + padW
                    + " must be >= 0 and at most half of kernel " + kernelH + "x" + kernelW);
        }
    }

    /** Square window, equal stride, no padding. */
    public static Pool2dGeometry of(int kernel, int stride) {
        return new Pool2dGeometry(kernel, kernel, stride, stride, 0, 0);
    }

    public int outHeight(int h) {
        return Math.floorDiv(h + 2 * padH - kernelH, strideH) + 1;
    }

    public int outWidth(int w) {
        return Math.floorDiv(w + 2 * padW - kernelW, strideW) + 1;
    }
}
