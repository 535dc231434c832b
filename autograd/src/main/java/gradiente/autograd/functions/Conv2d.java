package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Tensor;

/**
 * Cross-correlation {@code y = x ⋆ w} (seed 000 eq. 5) without bias: x {@code [N, C, H, W]}, w
 * {@code [O, C/groups, kH, kW]}, y {@code [N, O, Ho, Wo]}.
 *
 * <p>y is bilinear in (x, w), so both gradients are again convolution kernels applied to the upstream
 * gradient g, each a differentiable {@link Function}: {@code dx = convTranspose(g, w)}
 * ({@link ConvTranspose2d}) and {@code dw = weightGrad(x, g)} ({@link Conv2dWeightGrad}).
 *
 * <p>When constructed with an output size smaller than the geometry gives, the result is the top-left
 * {@code outH x outW} corner (used when this is the gradient of a transposed convolution whose output
 * padding left input rows unread).
 */
public final class Conv2d extends Function {
    private final Conv2dGeometry g;
    private final int outH;
    private final int outW;

    public Conv2d(Conv2dGeometry g) {
        this(g, -1, -1);
    }

    /** A convolution cropped to {@code outH x outW} outputs (-1: the full size). */
    public Conv2d(Conv2dGeometry g, int outH, int outW) {
        this.g = g;
        this.outH = outH;
        this.outW = outW;
    }

    @Override public String name() { return "conv2d"; }

    /** Every output element is a {@code C/groups * kH * kW}-term dot product. */
    @Override protected long multiplyAdds(Tensor[] in, Tensor out) {
        return (long) out.numel() * in[1].size(1) * in[1].size(2) * in[1].size(3);
    }

    @Override protected Tensor forward(Tensor... in) {
        Tensor y = Convolutions.conv2d(in[0], in[1], g);
        if (outH >= 0 && (y.size(2) != outH || y.size(3) != outW)) {
            y = y.narrow(2, 0, outH).narrow(3, 0, outW).contiguous();
        }
        return y;
    }

    @Override protected Variable[] backward(Variable grad) {
        Variable x = input(0);
        Variable w = input(1);
        return new Variable[] {
            needsInputGrad(0) ? new ConvTranspose2d(g, x.size(2), x.size(3)).apply(grad, w) : null,
            needsInputGrad(1) ? new Conv2dWeightGrad(g, w.size(2), w.size(3)).apply(x, grad) : null};
    }
}
