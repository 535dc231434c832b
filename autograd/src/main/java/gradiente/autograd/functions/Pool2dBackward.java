package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.Tensor;

/**
 * The gradient of {@link Pool2d} as a linear, differentiable op of the upstream gradient e
 * {@code [N, C, Ho, Wo]}, giving {@code [N, C, H, W]}. Max/min: each e value goes to the input element
 * its window chose (the recorded indices, constants); averages: each e value is spread evenly over
 * its window.
 *
 * <p>Backward is the adjoint: for max/min a gather of the routed positions
 * ({@code gg.reshape(N, C, H*W).gather(2, indices)}), for the averages the average pooling itself.
 */
public final class Pool2dBackward extends Function {
    private final PoolMode mode;
    private final Pool2dGeometry g;
    private final int h;
    private final int w;
    private Tensor indices;

    public Pool2dBackward(PoolMode mode, Pool2dGeometry g, Tensor indices, int h, int w) {
        this.mode = mode;
        this.g = g;
        this.indices = indices;
        this.h = h;
        this.w = w;
    }

    @Override public String name() { return "pool2d_backward"; }

    @Override protected Tensor forward(Tensor... in) {
        return Convolutions.pool2dBackward(mode, in[0], indices, g, h, w);
    }

    @Override protected Variable[] backward(Variable grad) {
        if (mode == PoolMode.MAX || mode == PoolMode.MIN) {
            int[] s = indices.shape();
            Tensor flatIndex = indices.reshape(s[0], s[1], s[2] * s[3]);
            Variable routed = grad.reshape(s[0], s[1], h * w).gather(2, flatIndex);
            return new Variable[] {routed.reshape(s)};
        }
        return new Variable[] {new Pool2d(mode, g).apply(grad)};
    }

    @Override protected void releaseSaved() {
        indices = null;
    }
}
