package gradiente.examples;

import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;

/**
 * Thesis section 2.5's computational graph {@code f(x, y, z) = max((x + y) z, 0)}: the forward pass node by
 * node ({@code v = x + y}, {@code u = z v}, {@code f = max(u, 0)}) and the backward pass, which by the chain
 * rule gives {@code df/dx = df/dy = z} and {@code df/dz = x + y} where {@code u > 0}, and 0 elsewhere.
 */
public final class ThesisGraph {
    private ThesisGraph() {
    }

    /** {@code {f, df/dx, df/dy, df/dz}} at the point, in float64. */
    public static double[] valueAndGradient(double x, double y, double z) {
        Variable vx = Variable.parameter(Tensor.scalar(x, DType.FLOAT64));
        Variable vy = Variable.parameter(Tensor.scalar(y, DType.FLOAT64));
        Variable vz = Variable.parameter(Tensor.scalar(z, DType.FLOAT64));
        Variable f = vz.mul(vx.add(vy)).relu();
        f.backward();
        return new double[] {f.data().item(), vx.grad().item(), vy.grad().item(), vz.grad().item()};
    }

    public static void main(String[] args) {
        double[] r = valueAndGradient(-2, 3, 2);
        System.out.printf("f(-2, 3, 2) = %s; df/dx = %s, df/dy = %s, df/dz = %s%n", r[0], r[1], r[2], r[3]);
    }
}
