package gradiente.autograd;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Gradient checking by central differences in float64: for the scalar objective
 * {@code L = sum(f(x) * u)} with a fixed random upstream {@code u}, every analytic partial
 * {@code dL/dx_ij} from backward is compared with {@code (L(x + eps e_ij) - L(x - eps e_ij)) / (2 eps)}.
 * The comparison is {@code |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|)}.
 * A failure names the op, the argument, the element index and both values.
 */
public final class GradCheck {
    /** Step and tolerances. */
    public record Options(double eps, double rtol, double atol) {
        /** eps 1e-6, rtol 1e-5, atol 1e-7: tight enough to catch a wrong rule, loose enough for float64. */
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-7);
    }

    private GradCheck() {
    }

    /** Checks first-order gradients of {@code f} at {@code inputs} (converted to float64). */
    public static void check(String op, Function<Variable[], Variable> f, Tensor... inputs) {
        check(op, Options.DEFAULT, f, inputs);
    }

    /** Checks first-order gradients with explicit options. */
    public static void check(String op, Options o, Function<Variable[], Variable> f, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].to(DType.FLOAT64).copy();
        }
        Variable[] leaves = leaves(xs);
        Variable out = f.apply(leaves);
        Tensor upstream = Tensor.randn(new Generator(1234), DType.FLOAT64, out.shape());
        Variable[] analytic = Autograd.grad(new Variable[] {out}, new Variable[] {new Variable(upstream)}, leaves,
                false, false, true);
        for (int i = 0; i < xs.length; i++) {
            double[] base = xs[i].toDoubleArray();
            double[] a = analytic[i].data().toDoubleArray();
            int[] shape = xs[i].shape();
            for (int j = 0; j < base.length; j++) {
                double keep = base[j];
                base[j] = keep + o.eps();
                double plus = objective(f, xs, i, base, shape, upstream);
                base[j] = keep - o.eps();
                double minus = objective(f, xs, i, base, shape, upstream);
                base[j] = keep;
                double numeric = (plus - minus) / (2 * o.eps());
                double tol = o.atol() + o.rtol() * Math.max(Math.abs(a[j]), Math.abs(numeric));
                if (!(Math.abs(a[j] - numeric) <= tol)) {
                    int[] idx = new int[shape.length];
                    Layout.unravel(j, shape, idx);
                    throw new AssertionError("gradcheck " + op + ": argument " + i + " " + Arrays.toString(shape)
                            + " element " + Arrays.toString(idx) + ": analytic " + a[j] + " but numeric " + numeric
                            + " (tolerance " + tol + ")");
                }
            }
        }
    }

    /**
     * Checks second-order gradients: the first-order gradient (computed with create-graph and
     * contracted with fixed random directions) is itself gradient-checked.
     */
    public static void checkSecondOrder(String op, Function<Variable[], Variable> f, Tensor... inputs) {
        checkSecondOrder(op, new Options(1e-5, 1e-4, 1e-6), f, inputs);
    }

    /** Second-order check with explicit options. */
    public static void checkSecondOrder(String op, Options o, Function<Variable[], Variable> f, Tensor... inputs) {
        Generator gen = new Generator(99);
        Tensor[] directions = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            directions[i] = Tensor.randn(gen, DType.FLOAT64, inputs[i].shape());
        }
        check(op + " (second order)", o, xs -> {
            Variable out = f.apply(xs);
            Tensor upstream = Tensor.randn(new Generator(4321), DType.FLOAT64, out.shape());
            Variable[] g = Autograd.grad(new Variable[] {out}, new Variable[] {new Variable(upstream)}, xs, true, true, true);
            Variable total = null;
            for (int i = 0; i < g.length; i++) {
                Variable term = g[i].mul(new Variable(directions[i])).sum();
                total = total == null ? term : total.add(term);
            }
            return total;
        }, inputs);
    }

    private static Variable[] leaves(Tensor[] xs) {
        Variable[] v = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) {
            v[i] = Variable.parameter(xs[i]);
        }
        return v;
    }

    private static double objective(Function<Variable[], Variable> f, Tensor[] xs, int which, double[] values,
                                    int[] shape, Tensor upstream) {
        Tensor[] ys = xs.clone();
        ys[which] = Tensor.of(values.clone(), xs[which].device(), shape);
        Variable out = f.apply(leaves(ys));
        return out.data().to(DType.FLOAT64).mul(upstream).sum().item();
    }
}
