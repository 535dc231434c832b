package gradiente.nn.layers;

import gradiente.autograd.ConvOps;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.tensor.Pool2dGeometry;

/**
 * 2-D pooling over NCHW images (thesis 2.6.1): each {@code kH x kW} window (moved by the stride, with
 * symmetric zero padding of at most half the window) is summarised by its maximum, minimum or average.
 * Output {@code [N, C, Ho, Wo]}, {@code Ho = floor((H + 2 padH - kH) / sH) + 1}. No parameters.
 * Max and min pooling send the gradient to the element that was selected; average pooling spreads it
 * evenly over the window (counting padded positions or not).
 */
public final class Pool2d extends Layer {
    /** The summary of a window. */
    public enum Kind { MAX, MIN, AVG, AVG_EXCLUDE_PAD }

    private final Kind kind;
    private final Pool2dGeometry geometry;

    public Pool2d(Kind kind, Pool2dGeometry geometry) {
        this.kind = kind;
        this.geometry = geometry;
    }

    /** Max pooling with a square window and stride equal to it (the thesis CNN's {@code MaxPool 2}). */
    public static Pool2d max(int kernel) {
        return new Pool2d(Kind.MAX, Pool2dGeometry.of(kernel, kernel));
    }

    public static Pool2d max(int kernel, int stride) {
        return new Pool2d(Kind.MAX, Pool2dGeometry.of(kernel, stride));
    }

    public static Pool2d min(int kernel, int stride) {
        return new Pool2d(Kind.MIN, Pool2dGeometry.of(kernel, stride));
    }

    public static Pool2d avg(int kernel, int stride) {
        return new Pool2d(Kind.AVG, Pool2dGeometry.of(kernel, stride));
    }

    public Pool2dGeometry geometry() {
        return geometry;
    }

    @Override
    public Variable forward(Variable x) {
        return switch (kind) {
            case MAX -> ConvOps.maxPool2d(x, geometry);
            case MIN -> ConvOps.minPool2d(x, geometry);
            case AVG -> ConvOps.avgPool2d(x, geometry, true);
            case AVG_EXCLUDE_PAD -> ConvOps.avgPool2d(x, geometry, false);
        };
    }

    @Override
    protected String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ", kernel=" + geometry.kernelH() + "x" + geometry.kernelW()
                + ", stride=" + geometry.strideH() + "x" + geometry.strideW()
                + (geometry.padH() + geometry.padW() > 0 ? ", padding=" + geometry.padH() + "x" + geometry.padW() : "");
    }
}
