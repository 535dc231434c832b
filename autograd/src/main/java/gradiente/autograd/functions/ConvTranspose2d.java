package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Tensor;

/**
 * The transposed convolution {@code y = convTranspose(a, w)}, which is also the input gradient of a
 * convolution: for the cross-correlation {@code C} with geometry {@code g}, y is the adjoint
 * {@code <convTranspose(a, w), z> = <a, C(z, w)>}. a {@code [N, O, h, w]}, w {@code [O, C/groups, kH, kW]},
 * y {@code [N, C, outH, outW]} (the output size is given: several sizes share one geometry).
 *
 * <p>Backward follows from the adjoint identity: {@code da = C(g, w)} ({@link Conv2d}, cropped to a's
 * size) and {@code dw = weightGrad(g, a)} ({@link Conv2dWeightGrad}) — both differentiable Functions,
 * so gradients of gradients need no extra code.
 */
public final class ConvTranspose2d extends Function {
    private final Conv2dGeometry g;
    private final int outH;
    private final int outW;

    public ConvTranspose2d(Conv2dGeometry g, int outH, int outW) {
        this.g = g;
        this.outH = outH;
        this.outW = outW;
    }

    @Override public String name() { return "conv_transpose2d"; }

    /** Every input element is scattered to {@code C/groups * kH * kW} outputs (the adjoint's count). */
    @Override protected long multiplyAdds(Tensor[] in, Tensor out) {
        return (long) in[0].numel() * in[1].size(1) * in[1].size(2) * in[1].size(3);
    }

    @Override protected Tensor forward(Tensor... in) {
        return Convolutions.conv2dBackwardInput(in[0], in[1], g, outH, outW);
    }

    @Override protected Variable[] backward(Variable grad) {
        Variable a = input(0);
        Variable w = input(1);
        return new Variable[] {
            needsInputGrad(0) ? new Conv2d(g, a.size(2), a.size(3)).apply(grad, w) : null,
            needsInputGrad(1) ? new Conv2dWeightGrad(g, w.size(2), w.size(3)).apply(grad, a) : null};
    }
}
