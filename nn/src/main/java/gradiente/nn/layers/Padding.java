package gradiente.nn.layers;

import gradiente.tensor.Conv2dGeometry;

/**
 * How a convolution layer pads its input (thesis 2.6: padding decides how often border pixels are
 * visited and the output size).
 * <ul>
 *   <li>{@link #valid()}: no padding, {@code Ho = floor((H - d(k-1) - 1) / s) + 1}.</li>
 *   <li>{@link #same()}: Keras/TensorFlow "same", {@code Ho = ceil(H / s)}; the total padding
 *       {@code max((Ho-1)s + d(k-1) + 1 - H, 0)} is split with the extra pixel at the bottom/right.
 *       Depends on the input size, so it is resolved per call.</li>
 *   <li>{@link #of(int, int, int, int)}: explicit per side; {@link #symmetric(int)} the same on all sides.</li>
 * </ul>
 */
public record Padding(boolean sameSize, int top, int bottom, int left, int right) {
    public Padding {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got top " + top + " bottom " + bottom
                    + " left " + left + " right " + right);
        }
    }

    public static Padding valid() {
        return new Padding(false, 0, 0, 0, 0);
    }

    public static Padding same() {
        return new Padding(true, 0, 0, 0, 0);
    }

    public static Padding symmetric(int p) {
        return new Padding(false, p, p, p, p);
    }

    public static Padding of(int top, int bottom, int left, int right) {
        return new Padding(false, top, bottom, left, right);
    }

    /** The convolution geometry for an input of {@code h x w} and a {@code kH x kW} kernel. */
    public Conv2dGeometry geometry(int h, int w, int kH, int kW, int strideH, int strideW, int dilationH,
                                   int dilationW, int groups) {
        if (!sameSize) {
            return new Conv2dGeometry(strideH, strideW, top, bottom, left, right, dilationH, dilationW, groups);
        }
        int totalH = samePadding(h, kH, strideH, dilationH);
        int totalW = samePadding(w, kW, strideW, dilationW);
        return new Conv2dGeometry(strideH, strideW, totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2,
                dilationH, dilationW, groups);
    }

    /** Total "same" padding along one axis: {@code max((ceil(n/s) - 1) s + d(k-1) + 1 - n, 0)}. */
    static int samePadding(int n, int k, int s, int d) {
        int out = (n + s - 1) / s;
        return Math.max((out - 1) * s + d * (k - 1) + 1 - n, 0);
    }

    @Override
    public String toString() {
        return sameSize ? "same" : (top == bottom && left == right && top == left ? Integer.toString(top)
                : "(" + top + "," + bottom + "," + left + "," + right + ")");
    }
}
