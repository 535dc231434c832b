package gradiente.autograd;

import gradiente.autograd.functions.Conv2d;
import gradiente.autograd.functions.ConvTranspose2d;
import gradiente.autograd.functions.Pool2d;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.ConvShapes;
import gradiente.tensor.ConvTranspose2dGeometry;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.Tensor;

/**
 * The differentiable convolution family (NCHW) over {@link Variable}s, with the shapes and semantics of
 * {@link gradiente.tensor.Convolutions}. Every op records graph nodes whose backward passes are again
 * differentiable Functions ({@link Conv2d}, {@link ConvTranspose2d}, {@link Pool2d} and their
 * gradient Functions), so gradients of gradients (the WGAN-GP penalty through a convolutional critic)
 * need no extra code. Bias is added as {@code out + bias.reshape(1, O, 1, 1)}.
 */
public final class ConvOps {
    private ConvOps() {
    }

    private static int[] shapeOrNull(Variable v) {
        return v == null ? null : v.shape();
    }

    /**
     * {@code out + bias.reshape(1, O, 1, 1)} for the fresh result of a convolution node: the sum is
     * written into out's tensor ({@link BiasAddInPlace}) rather than a new one, since the convolution
     * nodes keep their inputs, never their output; the values and gradients are those of
     * {@link Variable#add}.
     */
    private static Variable addBias(Variable out, Variable bias) {
        if (bias == null) {
            return out;
        }
        Variable b = bias.reshape(1, bias.size(0), 1, 1);
        return out.data().isContiguous() && out.data().dtype() == b.data().dtype()
                && out.data().device().equals(b.data().device()) ? new BiasAddInPlace().apply(out, b) : out.add(b);
    }

    /**
     * {@code y = a + b} computed into a's tensor (a must be an unshared intermediate whose node does not
     * keep it); backward is {@link gradiente.autograd.functions.Arithmetic.Add}'s, {@code (g, g)}, with
     * the engine summing b's gradient back to its broadcast shape.
     */
    private static final class BiasAddInPlace extends gradiente.autograd.Function {
        @Override public String name() { return "bias_add"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].addInPlace(in[1], 1.0); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g, g}; }
    }

    /**
     * Cross-correlation (seed 000 eq. 5): x {@code [N, C, H, W]}, w {@code [O, C/groups, kH, kW]},
     * bias {@code [O]} or null, result {@code [N, O, Ho, Wo]} (see {@link Convolutions#conv2d}).
     */
    public static Variable conv2d(Variable x, Variable w, Variable bias, Conv2dGeometry g) {
        ConvShapes.conv2d("conv2d", x.shape(), w.shape(), shapeOrNull(bias), g);
        return addBias(new Conv2d(g).apply(x, w), bias);
    }

    /** True convolution (seed 000 eq. 4): {@link #conv2d} with the kernel flipped in H and W. */
    public static Variable convolve2d(Variable x, Variable w, Variable bias, Conv2dGeometry g) {
        ConvShapes.conv2d("convolve2d", x.shape(), w.shape(), shapeOrNull(bias), g);
        return conv2d(x, w.flip(2, 3), bias, g);
    }

    /**
     * Transposed convolution (PyTorch {@code ConvTranspose2d}): x {@code [N, Cin, H, W]}, w
     * {@code [Cin, Cout/groups, kH, kW]}, bias {@code [Cout]} or null (see {@link ConvTranspose2dGeometry}).
     */
    public static Variable convTranspose2d(Variable x, Variable w, Variable bias, ConvTranspose2dGeometry g) {
        int[] out = ConvShapes.convTranspose2d("convTranspose2d", x.shape(), w.shape(), shapeOrNull(bias), g);
        return addBias(new ConvTranspose2d(g.toConv(), out[2], out[3]).apply(x, w), bias);
    }

    /** Max pooling; the gradient goes to the element each window chose. */
    public static Variable maxPool2d(Variable x, Pool2dGeometry g) {
        ConvShapes.pool2d("maxPool2d", x.shape(), g);
        return new Pool2d(PoolMode.MAX, g).apply(x);
    }

    /** Minimum pooling (thesis 2.6); the gradient goes to the element each window chose. */
    public static Variable minPool2d(Variable x, Pool2dGeometry g) {
        ConvShapes.pool2d("minPool2d", x.shape(), g);
        return new Pool2d(PoolMode.MIN, g).apply(x);
    }

    /** Average pooling, dividing by the window size ({@code countIncludePad}) or the in-bounds count. */
    public static Variable avgPool2d(Variable x, Pool2dGeometry g, boolean countIncludePad) {
        ConvShapes.pool2d("avgPool2d", x.shape(), g);
        return new Pool2d(Convolutions.avgMode(countIncludePad), g).apply(x);
    }

    /** Global average pooling {@code [N, C, H, W] -> [N, C, 1, 1]} (a mean over H and W). */
    public static Variable globalAvgPool2d(Variable x) {
        ConvShapes.requireNchw("globalAvgPool2d", x.shape());
        return x.mean(new int[] {2, 3}, true);
    }

    /**
     * Nearest-neighbour upsampling by integer factors (thesis 2.6.1): views
     * {@code [N, C, H, 1, W, 1] -> [N, C, H, sH, W, sW]} and a reshape, so backward sums each block.
     */
    public static Variable upsampleNearest2d(Variable x, int scaleH, int scaleW) {
        int[] s = Convolutions.upsampleShape(x.shape(), scaleH, scaleW);
        Variable v = x.unsqueeze(3).unsqueeze(5);
        return v.expand(s[0], s[1], x.size(2), scaleH, x.size(3), scaleW).reshape(s);
    }
}
