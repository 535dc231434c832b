package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;

/** Index-driven ops: gather and its adjoint scatter-add (the index is a constant). */
public final class Indexing {
    private Indexing() {
    }

    /** {@code out = x.gather(dim, index)}; backward scatters the gradient back into zeros. */
    public static final class Gather extends Function {
        private final int dim;
        private Tensor index;
        private int[] inputShape;

        public Gather(int dim, Tensor index) {
            this.dim = dim;
            this.index = index;
        }

        @Override public String name() { return "gather"; }
        @Override protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return in[0].gather(dim, index);
        }
        @Override protected Variable[] backward(Variable g) {
            Variable zeros = new Variable(g.data().newZeros(inputShape));
            return new Variable[] {new ScatterAdd(dim, index).apply(zeros, g)};
        }
        @Override protected void releaseSaved() { index = null; }
    }

    /** {@code out = base.scatterAdd(dim, index, src)}; d/dbase = 1, d/dsrc = gather of the gradient. */
    public static final class ScatterAdd extends Function {
        private final int dim;
        private Tensor index;

        public ScatterAdd(int dim, Tensor index) {
            this.dim = dim;
            this.index = index;
        }

        @Override public String name() { return "scatter_add"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].scatterAdd(dim, index, in[1]); }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {g, needsInputGrad(1) ? g.gather(dim, index) : null};
        }
        @Override protected void releaseSaved() { index = null; }
    }
}
