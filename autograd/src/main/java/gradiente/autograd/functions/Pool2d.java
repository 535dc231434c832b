package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.PoolResult;
import gradiente.tensor.Tensor;

/**
 * 2-D pooling (thesis 2.6: max, average, minimum) of x {@code [N, C, H, W]} to {@code [N, C, Ho, Wo]}.
 * Max and min remember where each window's extreme was; backward is {@link Pool2dBackward}, which
 * routes (max/min) or spreads (average) the gradient back and is itself differentiable.
 */
public final class Pool2d extends Function {
    private final PoolMode mode;
    private final Pool2dGeometry g;
    private Tensor indices;

    public Pool2d(PoolMode mode, Pool2dGeometry g) {
        this.mode = mode;
        this.g = g;
    }

    @Override public String name() {
        return switch (mode) {
            case MAX -> "max_pool2d";
            case MIN -> "min_pool2d";
            default -> "avg_pool2d";
        };
    }

    @Override protected Tensor forward(Tensor... in) {
        PoolResult r = Convolutions.pool2d(mode, in[0], g);
        indices = r.indices();
        return r.values();
    }

    @Override protected Variable[] backward(Variable grad) {
        Variable x = input(0);
        return new Variable[] {new Pool2dBackward(mode, g, indices, x.size(2), x.size(3)).apply(grad)};
    }

    @Override protected void releaseSaved() {
        indices = null;
    }
}
