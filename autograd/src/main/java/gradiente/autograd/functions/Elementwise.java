package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;

/**
 * Element-wise functions of one tensor (thesis 2.2-2.3 activations among them). Where the derivative
 * is most cheaply written with the output (exp, sigmoid, tanh, sqrt) backward uses the output
 * variable; piecewise-constant derivative masks (ReLU, abs, clamp) are constants.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** Base for maps whose backward reuses the output variable. */
    abstract static class OutputBased extends Function {
        private Variable output;

        /** The output of this node, as a variable connected to the graph. */
        protected final Variable output() {
            return output;
        }

        /** Applies the function and remembers its output for backward. */
        public Variable applyKeepingOutput(Variable x) {
            Variable out = apply(x);
            if (out.gradFn() == this) {
                output = out;
            }
            return out;
        }

        @Override protected void releaseSaved() { output = null; }
    }

    /** e^x; d/dx = e^x. */
    public static final class Exp extends OutputBased {
        @Override public String name() { return "exp"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].exp(); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.mul(output())}; }
    }

    /** ln x; d/dx = 1/x. */
    public static final class Log extends Function {
        @Override public String name() { return "log"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].log(); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.div(input(0))}; }
    }

    /** sqrt x; d/dx = 1/(2 sqrt x). */
    public static final class Sqrt extends OutputBased {
        @Override public String name() { return "sqrt"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].sqrt(); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.div(output()).mul(0.5)}; }
    }

    /** sigma(x) = 1/(1+e^-x); d/dx = sigma(1 - sigma). */
    public static final class Sigmoid extends OutputBased {
        @Override public String name() { return "sigmoid"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].sigmoid(); }
        @Override protected Variable[] backward(Variable g) {
            Variable s = output();
            return new Variable[] {g.mul(s.mul(s.neg().add(1.0)))};
        }
    }

    /** tanh x; d/dx = 1 - tanh^2 x. */
    public static final class Tanh extends OutputBased {
        @Override public String name() { return "tanh"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].tanh(); }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {g.mul(output().square().neg().add(1.0))};
        }
    }

    /** x^2; d/dx = 2x. */
    public static final class Square extends Function {
        @Override public String name() { return "square"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].square(); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.mul(input(0)).mul(2.0)}; }
    }

    /** x^p for a scalar p; d/dx = p x^(p-1). */
    public static final class PowScalar extends Function {
        private final double p;

        public PowScalar(double p) {
            this.p = p;
        }

        @Override public String name() { return "pow_scalar"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].pow(p); }
        @Override protected Variable[] backward(Variable g) {
            if (p == 0) {
                return new Variable[] {g.mul(0.0)};
            }
            Variable d = p == 1 ? null : p == 2 ? input(0).mul(2.0) : input(0).pow(p - 1).mul(p);
            return new Variable[] {d == null ? g : g.mul(d)};
        }
    }

    /**
     * Functions whose derivative is a constant mask computed from the input data (piecewise linear):
     * ReLU (1 where x &gt; 0, thesis 2.5's {@code 1_{u>0}}), leaky ReLU, abs, clamp.
     */
    public static final class Piecewise extends Function {
        private final UnaryOp op;
        private final double p;
        private final double q;

        public Piecewise(UnaryOp op, double p, double q) {
            this.op = op;
            this.p = p;
            this.q = q;
        }

        @Override public String name() {
            switch (op) {
                case RELU: return "relu";
                case LEAKY_RELU: return "leaky_relu";
                case ABS: return "abs";
                case CLAMP: return "clamp";
                default: return op.name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        @Override protected Tensor forward(Tensor... in) { return in[0].map(op, p, q); }

        /**
         * {@code g * slope(x)}. The slope mask is built in one fresh tensor ({@code (x > 0) (1 - p) + p}
         * for the leaky ReLU, the same values as the three-step form), and when the backward is not
         * itself recorded the product is written into it: one allocation of x's size instead of four
         * (the DCGAN's [256, 128, 28, 28] is 103 MB each).
         */
        @Override protected Variable[] backward(Variable g) {
            Tensor x = input(0).data();
            Tensor slope;
            switch (op) {
                case RELU: slope = x.gt(0.0); break;
                case LEAKY_RELU: slope = x.gt(0.0).applyInPlace(UnaryOp.AFFINE, 1 - p, p); break;
                case ABS: slope = x.sign(); break;
                case CLAMP: slope = x.ge(x.newScalar(p)).mul(x.le(x.newScalar(q))); break;
                default: throw new IllegalStateException("piecewise: no derivative mask for " + op);
            }
            Tensor gd = g.data();
            if (!GradMode.isEnabled() && gd.dtype() == slope.dtype() && java.util.Arrays.equals(gd.shape(), slope.shape())
                    && gd.device().equals(slope.device())) {
                return new Variable[] {new Variable(slope.mulInPlace(gd))};
            }
            return new Variable[] {g.mul(new Variable(slope))};
        }
    }

    /** log(1 + e^x); d/dx = sigmoid(x). */
    public static final class Softplus extends Function {
        @Override public String name() { return "softplus"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].softplus(); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.mul(input(0).sigmoid())}; }
    }
}
