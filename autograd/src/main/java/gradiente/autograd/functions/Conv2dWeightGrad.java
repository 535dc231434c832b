package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Tensor;

/**
 * The weight gradient of a convolution as a differentiable op: {@code y = weightGrad(x, e)} with
 * {@code <weightGrad(x, e), v> = <e, C(x, v)>} for the cross-correlation {@code C} of geometry g, i.e.
 * {@code y[o][c][u][v] = sum_{n,i,j} e[n][o][i][j] * x[n][c'][i*sH + u*dH - padTop][j*sW + v*dW - padLeft]}.
 * x {@code [N, C, H, W]}, e {@code [N, O, Ho, Wo]}, y {@code [O, C/groups, kH, kW]}.
 *
 * <p>Backward, from the same identity: {@code dx = convTranspose(e, g)} ({@link ConvTranspose2d}) and
 * {@code de = C(x, g)} ({@link Conv2d}, cropped to e's size).
 */
public final class Conv2dWeightGrad extends Function {
    private final Conv2dGeometry g;
    private final int kH;
    private final int kW;

    public Conv2dWeightGrad(Conv2dGeometry g, int kH, int kW) {
        this.g = g;
        this.kH = kH;
        this.kW = kW;
    }

    @Override public String name() { return "conv2d_weight_grad"; }

    /** Every element of e meets {@code C/groups * kH * kW} weight-gradient entries (the forward's count). */
    @Override protected long multiplyAdds(Tensor[] in, Tensor out) {
        return (long) in[1].numel() * out.size(1) * out.size(2) * out.size(3);
    }

    @Override protected Tensor forward(Tensor... in) {
        return Convolutions.conv2dBackwardWeight(in[0], in[1], g, kH, kW);
    }

    @Override protected Variable[] backward(Variable grad) {
        Variable x = input(0);
        Variable e = input(1);
        return new Variable[] {
            needsInputGrad(0) ? new ConvTranspose2d(g, x.size(2), x.size(3)).apply(e, grad) : null,
            needsInputGrad(1) ? new Conv2d(g, e.size(2), e.size(3)).apply(x, grad) : null};
    }
}
