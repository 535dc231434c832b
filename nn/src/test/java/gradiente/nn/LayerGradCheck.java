package gradiente.nn;

import gradiente.autograd.Autograd;
import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Float64 central-difference check of a layer's gradients with respect to its input and to every
 * parameter: the objective is {@code sum(layer(x) * u)} for a fixed random u. Parameters are perturbed
 * in place. {@code fresh} must build the layer deterministically (same weights, same dropout masks)
 * because each evaluation uses a new instance: stateful layers (running statistics, generators) then
 * see the same state every time.
 */
public final class LayerGradCheck {
    private LayerGradCheck() {
    }

    public static void check(String op, Supplier<Layer> fresh, Tensor input) {
        check(op, fresh, input, 1e-6, 1e-5, 1e-7);
    }

    public static void check(String op, Supplier<Layer> fresh, Tensor input, double eps, double rtol, double atol) {
        Tensor x = input.to(DType.FLOAT64).copy();
        Layer layer = (Layer) fresh.get().to(DType.FLOAT64);
        Variable xv = Variable.parameter(x);
        Variable out = layer.forward(xv);
        Tensor u = Tensor.randn(new Generator(77), DType.FLOAT64, out.shape());
        List<Variable> wrt = new ArrayList<>();
        wrt.add(xv);
        wrt.addAll(layer.parameters());
        Variable[] grads = Autograd.grad(new Variable[] {out}, new Variable[] {new Variable(u)},
                wrt.toArray(new Variable[0]), false, false, true);
        List<String> names = new ArrayList<>();
        names.add("input");
        names.addAll(layer.namedParameters().keySet());
        for (int w = 0; w < wrt.size(); w++) {
            int which = w;
            double[] analytic = grads[w].data().toDoubleArray();
            int n = wrt.get(w).data().numel();
            int[] shape = wrt.get(w).shape();
            for (int j = 0; j < n; j++) {
                int[] idx = new int[shape.length];
                Layout.unravel(j, shape, idx);
                double plus = objective(fresh, x, which, idx, eps, u);
                double minus = objective(fresh, x, which, idx, -eps, u);
                double numeric = (plus - minus) / (2 * eps);
                double tol = atol + rtol * Math.max(Math.abs(analytic[j]), Math.abs(numeric));
                if (!(Math.abs(analytic[j] - numeric) <= tol)) {
                    throw new AssertionError("layer gradcheck " + op + ": " + names.get(w) + " " + Arrays.toString(shape)
                            + " element " + Arrays.toString(idx) + ": analytic " + analytic[j] + " but numeric " + numeric);
                }
            }
        }
    }

    private static double objective(Supplier<Layer> fresh, Tensor x, int which, int[] idx, double delta, Tensor u) {
        Layer layer = (Layer) fresh.get().to(DType.FLOAT64);
        Tensor xi = x.copy();
        Tensor target = xi;
        if (which > 0) {
            Map<String, Variable> params = layer.namedParameters();
            target = new ArrayList<>(params.values()).get(which - 1).data();
        }
        target.set(target.get(idx) + delta, idx);
        Variable out = layer.forward(new Variable(xi));
        return out.data().mul(u).sum().item();
    }
}
