package gradiente.nn.optim;

import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2014) exactly as the thesis' appendix 6.2 gives it (Goodfellow et al. Alg. 8.7),
 * with step size {@code eps} (here {@code lr}), decay rates {@code rho1, rho2} and stabiliser
 * {@code delta}. For each parameter with gradient g, at its t-th step:
 * <pre>
 *   s &lt;- rho1 s + (1 - rho1) g               biased first moment
 *   r &lt;- rho2 r + (1 - rho2) g (.) g         biased second moment
 *   s^ = s / (1 - rho1^t),  r^ = r / (1 - rho2^t)   bias corrections
 *   theta &lt;- theta - lr s^ / (sqrt(r^) + delta)     element-wise
 * </pre>
 * (the book places delta outside the square root, as Kingma and Ba and PyTorch do; the thesis'
 * transcription of the figure shows it under the root). Defaults: lr 0.001, rho 0.9 and 0.999,
 * delta 1e-8. Weight decay comes from the {@link ParamGroup}: coupled is PyTorch's Adam, decoupled
 * is AdamW.
 */
public final class Adam extends Optimizer {
    private final double rho1;
    private final double rho2;
    private final double delta;

    /** Adam with the suggested defaults rho1 0.9, rho2 0.999, delta 1e-8. */
    public Adam(Map<String, Variable> params, double lr) {
        this(single(params, lr), 0.9, 0.999, 1e-8);
    }

    /** Adam with explicit decay rates (DCGAN uses lr 0.0002 and rho1 0.5). */
    public Adam(Map<String, Variable> params, double lr, double rho1, double rho2) {
        this(single(params, lr), rho1, rho2, 1e-8);
    }

    public Adam(List<ParamGroup> groups, double rho1, double rho2, double delta) {
        super(groups);
        if (!(rho1 >= 0 && rho1 < 1) || !(rho2 >= 0 && rho2 < 1)) {
            throw new IllegalArgumentException("Adam: decay rates must be in [0, 1), got " + rho1 + " and " + rho2);
        }
        if (!(delta >= 0)) {
            throw new IllegalArgumentException("Adam: delta must be >= 0, got " + delta);
        }
        this.rho1 = rho1;
        this.rho2 = rho2;
        this.delta = delta;
    }

    @Override
    protected void update(ParamGroup group, Map<String, Tensor> slots, Tensor theta, Tensor grad) {
        long t = nextStep(slots);
        Tensor s = slot(slots, "s", theta);
        Tensor r = slot(slots, "r", theta);
        s.mulInPlace(rho1).addInPlace(grad, 1 - rho1);
        r.mulInPlace(rho2).addInPlace(grad.square(), 1 - rho2);
        Tensor sHat = s.div(1 - StrictMath.pow(rho1, t));
        Tensor rHat = r.div(1 - StrictMath.pow(rho2, t));
        theta.addInPlace(sHat.div(rHat.sqrt().add(delta)), -group.lr());
    }
}
