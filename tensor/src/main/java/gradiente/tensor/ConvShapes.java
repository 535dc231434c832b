package gradiente.tensor;

import java.util.Arrays;

/**
 * Shape validation and output shapes of the convolution family (NCHW). Every message names the op and
 * the offending shapes, e.g. {@code conv2d: input [8, 3, 28, 28] has 3 channels, weight [64, 1, 3, 3]
 * expects 1}. Used by {@link Convolutions} and by the autograd layer before it records a node.
 */
public final class ConvShapes {
    private ConvShapes() {
    }

    private static String s(int[] shape) {
        return Arrays.toString(shape);
    }

    private static void requireRank4(String op, String what, int[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException(op + ": " + what + " " + s(shape) + " must be 4-D ("
                    + (what.equals("weight") ? "[O, C/groups, kH, kW]" : "NCHW") + ")");
        }
    }

    private static void requireBias(String op, int[] bias, int channels, int[] w) {
        if (bias != null && (bias.length != 1 || bias[0] != channels)) {
            throw new IllegalArgumentException(op + ": bias " + s(bias) + " must have shape [" + channels
                    + "] for weight " + s(w));
        }
    }

    /**
     * Output shape {@code [N, O, Ho, Wo]} of a cross-correlation of x {@code [N, C, H, W]} with w
     * {@code [O, C/groups, kH, kW]} (bias, when not null, {@code [O]}); see {@link Conv2dGeometry}.
     */
    public static int[] conv2d(String op, int[] x, int[] w, int[] bias, Conv2dGeometry g) {
        requireRank4(op, "input", x);
        requireRank4(op, "weight", w);
        int groups = g.groups();
        if (x[1] != w[1] * groups) {
            throw new IllegalArgumentException(op + ": input " + s(x) + " has " + x[1] + " channels, weight " + s(w)
                    + " expects " + (w[1] * groups) + (groups > 1 ? " (" + w[1] + " per group x " + groups + " groups)" : ""));
        }
        if (w[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": weight " + s(w) + " has " + w[0]
                    + " output channels, not divisible by groups " + groups);
        }
        requireBias(op, bias, w[0], w);
        int ho = g.outHeight(x[2], w[2]);
        int wo = g.outWidth(x[3], w[3]);
        if (ho < 1 || wo < 1 || w[2] < 1 || w[3] < 1) {
            throw new IllegalArgumentException(op + ": input " + s(x) + " padded by top " + g.padTop() + " bottom "
                    + g.padBottom() + " left " + g.padLeft() + " right " + g.padRight()
                    + " is smaller than the (dilated) kernel of weight " + s(w));
        }
        return new int[] {x[0], w[0], ho, wo};
    }

    /**
     * Output shape {@code [N, Cout, Ho, Wo]} of a transposed convolution of x {@code [N, Cin, H, W]}
     * with w {@code [Cin, Cout/groups, kH, kW]} (bias {@code [Cout]}); see {@link ConvTranspose2dGeometry}.
     */
    public static int[] convTranspose2d(String op, int[] x, int[] w, int[] bias, ConvTranspose2dGeometry g) {
        requireRank4(op, "input", x);
        requireRank4(op, "weight", w);
        if (x[1] != w[0]) {
            throw new IllegalArgumentException(op + ": input " + s(x) + " has " + x[1] + " channels, weight " + s(w)
                    + " expects " + w[0] + " (weight is [Cin, Cout/groups, kH, kW])");
        }
        if (w[0] % g.groups() != 0) {
            throw new IllegalArgumentException(op + ": weight " + s(w) + " has " + w[0]
                    + " input channels, not divisible by groups " + g.groups());
        }
        int cout = w[1] * g.groups();
        requireBias(op, bias, cout, w);
        int ho = g.outHeight(x[2], w[2]);
        int wo = g.outWidth(x[3], w[3]);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": input " + s(x) + " with weight " + s(w) + " and padding "
                    + g.padH() + "x" + g.padW() + " gives an empty output " + ho + "x" + wo);
        }
        return new int[] {x[0], cout, ho, wo};
    }

    /** Output shape {@code [N, C, Ho, Wo]} of pooling x {@code [N, C, H, W]}; see {@link Pool2dGeometry}. */
    public static int[] pool2d(String op, int[] x, Pool2dGeometry g) {
        requireRank4(op, "input", x);
        int ho = g.outHeight(x[2]);
        int wo = g.outWidth(x[3]);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": input " + s(x) + " padded by " + g.padH() + "x" + g.padW()
                    + " is smaller than the " + g.kernelH() + "x" + g.kernelW() + " window");
        }
        return new int[] {x[0], x[1], ho, wo};
    }

    /** Checks x is 4-D NCHW (for ops without a geometry: global pooling, upsampling). */
    public static void requireNchw(String op, int[] x) {
        requireRank4(op, "input", x);
    }

    /** Checks a gradient's shape against the shape the forward produced. */
    public static void requireShape(String op, String what, int[] actual, int[] expected) {
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalArgumentException(op + ": " + what + " " + s(actual) + " should have shape " + s(expected));
        }
    }
}
