package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Layout;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;

/** Reductions. Mean and variance are composed from {@link Sum} and arithmetic in {@link Variable}. */
public final class Reductions {
    private Reductions() {
    }

    /** Shape of x with the reduced dimensions kept as size 1. */
    static int[] keptShape(int[] shape, int[] dims) {
        int[] s = shape.clone();
        for (int d : dims) {
            s[d] = 1;
        }
        return s;
    }

    /** Sum over dims; the gradient is the upstream gradient broadcast back over the summed dims. */
    public static final class Sum extends Function {
        private final int[] dims;
        private final boolean keepDim;
        private int[] inputShape;

        public Sum(int[] dims, boolean keepDim) {
            this.dims = dims;
            this.keepDim = keepDim;
        }

        @Override public String name() { return "sum"; }

        @Override protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return in[0].sum(dims, keepDim);
        }

        @Override protected Variable[] backward(Variable g) {
            int[] ds = Layout.dims("sum", inputShape.length, dims);
            return new Variable[] {g.reshape(keptShape(inputShape, ds)).expand(inputShape)};
        }
    }

    /**
     * Max or min over dims. The gradient goes to the elements equal to the extreme, shared evenly
     * among ties (a constant mask divided by the tie count).
     */
    public static final class Extreme extends Function {
        private final ReduceOp op;
        private final int[] dims;
        private final boolean keepDim;
        private Tensor kept;

        public Extreme(ReduceOp op, int[] dims, boolean keepDim) {
            this.op = op;
            this.dims = dims;
            this.keepDim = keepDim;
        }

        @Override public String name() { return op == ReduceOp.MAX ? "max" : "min"; }

        @Override protected Tensor forward(Tensor... in) {
            kept = in[0].reduce(op, dims, true);
            return keepDim ? kept : in[0].reduce(op, dims, false);
        }

        @Override protected Variable[] backward(Variable g) {
            Tensor x = input(0).data();
            int[] ds = Layout.dims(name(), x.rank(), dims);
            Tensor mask = x.eq(kept);
            Tensor share = mask.div(mask.sum(ds, true));
            Variable gk = g.reshape(keptShape(x.shape(), ds));
            return new Variable[] {gk.mul(new Variable(share))};
        }

        @Override protected void releaseSaved() { kept = null; }
    }
}
