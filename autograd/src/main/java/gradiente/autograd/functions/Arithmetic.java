package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;

/**
 * Broadcasting arithmetic. Each gradient rule is the textbook partial derivative written with
 * Variable operations; broadcast gradients are summed back to the inputs' shapes by the engine.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** a + b; d/da = 1, d/db = 1. */
    public static final class Add extends Function {
        @Override public String name() { return "add"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].add(in[1]); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g, g}; }
    }

    /** a - b; d/da = 1, d/db = -1. */
    public static final class Sub extends Function {
        @Override public String name() { return "sub"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].sub(in[1]); }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {g, needsInputGrad(1) ? g.neg() : null};
        }
    }

    /** a * b; d/da = b, d/db = a. */
    public static final class Mul extends Function {
        @Override public String name() { return "mul"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].mul(in[1]); }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {
                needsInputGrad(0) ? g.mul(input(1)) : null,
                needsInputGrad(1) ? g.mul(input(0)) : null};
        }
    }

    /** a / b; d/da = 1/b, d/db = -a/b^2. */
    public static final class Div extends Function {
        @Override public String name() { return "div"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].div(in[1]); }
        @Override protected Variable[] backward(Variable g) {
            Variable b = input(1);
            return new Variable[] {
                needsInputGrad(0) ? g.div(b) : null,
                needsInputGrad(1) ? g.mul(input(0)).div(b.square()).neg() : null};
        }
    }

    /** a^b; d/da = b a^(b-1), d/db = a^b log a. */
    public static final class Pow extends Function {
        @Override public String name() { return "pow"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].pow(in[1]); }
        @Override protected Variable[] backward(Variable g) {
            Variable a = input(0);
            Variable b = input(1);
            return new Variable[] {
                needsInputGrad(0) ? g.mul(b).mul(a.pow(b.sub(1.0))) : null,
                needsInputGrad(1) ? g.mul(a.pow(b)).mul(a.log()) : null};
        }
    }

    /** p*x + q for scalars p, q; d/dx = p. */
    public static final class Affine extends Function {
        private final double p;
        private final double q;

        public Affine(double p, double q) {
            this.p = p;
            this.q = q;
        }

        @Override public String name() { return q == 0 ? "mul_scalar" : p == 1 ? "add_scalar" : "affine"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].map(gradiente.tensor.UnaryOp.AFFINE, p, q); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.mul(p)}; }
    }

    /** -x. */
    public static final class Neg extends Function {
        @Override public String name() { return "neg"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].neg(); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.neg()}; }
    }

    /** max(a, b) element-wise; the gradient goes to the larger input, split evenly on ties (as PyTorch). */
    public static final class Maximum extends Function {
        private final boolean max;

        public Maximum(boolean max) {
            this.max = max;
        }

        @Override public String name() { return max ? "maximum" : "minimum"; }
        @Override protected Tensor forward(Tensor... in) { return max ? in[0].maximum(in[1]) : in[0].minimum(in[1]); }
        @Override protected Variable[] backward(Variable g) {
            Tensor a = input(0).data();
            Tensor b = input(1).data();
            Tensor aWins = max ? a.gt(b) : a.lt(b);
            Tensor half = a.eq(b).mul(0.5);
            Tensor wa = aWins.add(half);
            Tensor wb = wa.neg().add(1.0);
            return new Variable[] {
                needsInputGrad(0) ? g.mul(new Variable(wa)) : null,
                needsInputGrad(1) ? g.mul(new Variable(wb)) : null};
        }
    }

    /** cond != 0 ? a : b (cond is a constant); the gradient flows to the chosen side. */
    public static final class Where extends Function {
        private Tensor cond;

        public Where(Tensor cond) {
            this.cond = cond;
        }

        @Override public String name() { return "where"; }
        @Override protected Tensor forward(Tensor... in) { return Tensor.where(cond, in[0], in[1]); }
        @Override protected Variable[] backward(Variable g) {
            Variable zero = new Variable(g.data().newZeros());
            return new Variable[] {
                needsInputGrad(0) ? Variable.where(cond, g, zero) : null,
                needsInputGrad(1) ? Variable.where(cond, zero, g) : null};
        }
        @Override protected void releaseSaved() { cond = null; }
    }
}
