package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.tensor.Normalization;
import gradiente.tensor.Tensor;

/**
 * Batch normalisation in training mode (thesis 2.4, figure 25) as one graph node: inputs {@code x
 * [N, C, *]} and, when affine, {@code weight [C]} and {@code bias [C]}; statistics per channel over
 * every dimension but 1 (formulas in {@link Normalization}). Forward and the first-order backward run
 * the backend's fused kernels. When the backward itself is recorded (gradients of gradients),
 * it is written instead with the differentiable ops of the composition - mean, variance and
 * {@code xhat} recomputed from x - so second-order gradients flow through the statistics too.
 */
public final class BatchNorm extends Function {
    private final double eps;
    private Tensor mean;
    private Tensor var;

    public BatchNorm(double eps) {
        this.eps = eps;
    }

    /** The biased batch mean of the last forward ({@code [C]}). */
    public Tensor mean() {
        return mean;
    }

    /** The biased batch variance of the last forward ({@code [C]}). */
    public Tensor var() {
        return var;
    }

    @Override public String name() {
        return "batch_norm";
    }

    @Override protected Tensor forward(Tensor... in) {
        if (in.length != 1 && in.length != 3) {
            throw new IllegalArgumentException("batch_norm: expected x or (x, weight, bias), got " + in.length + " inputs");
        }
        Normalization.Forward f = Normalization.batchNorm(in[0], in.length == 3 ? in[1] : null,
                in.length == 3 ? in[2] : null, eps);
        mean = f.mean();
        var = f.var();
        return f.out();
    }

    @Override protected Variable[] backward(Variable grad) {
        Variable x = input(0);
        boolean affine = inputs().length == 3;
        Variable weight = affine ? input(1) : null;
        if (GradMode.isEnabled()) {
            return differentiable(x, weight, grad, affine);
        }
        Normalization.Backward b = Normalization.batchNormBackward(x.data(), grad.data(), mean, var,
                weight == null ? null : weight.data(), eps);
        return affine
                ? new Variable[] {new Variable(b.gradIn()), new Variable(b.gradWeight()), new Variable(b.gradBias())}
                : new Variable[] {new Variable(b.gradIn())};
    }

    /** The backward as recorded ops: dx = w invStd (g - mean(g) - xhat mean(g xhat)), dw = sum(g xhat), db = sum(g). */
    private Variable[] differentiable(Variable x, Variable weight, Variable g, boolean affine) {
        int[] dims = Normalization.statDims(x.rank());
        int[] stat = Normalization.statShape(x.data());
        Variable centred = x.sub(x.mean(dims, true));
        Variable std = centred.square().mean(dims, true).add(eps).sqrt();
        Variable xhat = centred.div(std);
        Variable gXhat = g.mul(xhat);
        Variable inner = g.sub(g.mean(dims, true)).sub(xhat.mul(gXhat.mean(dims, true)));
        Variable scale = affine ? weight.reshape(stat).div(std) : null;
        Variable dx = affine ? inner.mul(scale) : inner.div(std);
        if (!affine) {
            return new Variable[] {dx};
        }
        return new Variable[] {dx, gXhat.sum(dims, false), g.sum(dims, false)};
    }

    @Override protected void releaseSaved() {
        mean = null;
        var = null;
    }
}
