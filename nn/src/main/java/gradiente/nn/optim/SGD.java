package gradiente.nn.optim;

import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent (thesis appendix 6.1), optionally with momentum (Goodfellow et al.
 * Alg. 8.2) or Nesterov momentum (Alg. 8.3), in PyTorch's form:
 * <pre>
 *   plain:     theta &lt;- theta - lr g
 *   momentum:  v &lt;- mu v + g  (v = g on the first step),  theta &lt;- theta - lr v
 *   Nesterov:  v as above,                                theta &lt;- theta - lr (g + mu v)
 * </pre>
 * With a constant learning rate the momentum form equals Alg. 8.2's {@code v <- alpha v - eps g,
 * theta <- theta + v} (its v is {@code -lr} times this one).
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** Plain SGD over all named parameters. */
    public SGD(Map<String, Variable> params, double lr) {
        this(single(params, lr), 0, false);
    }

    /** SGD with (Nesterov) momentum over all named parameters. */
    public SGD(Map<String, Variable> params, double lr, double momentum, boolean nesterov) {
        this(single(params, lr), momentum, nesterov);
    }

    public SGD(List<ParamGroup> groups, double momentum, boolean nesterov) {
        super(groups);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(ParamGroup group, Map<String, Tensor> slots, Tensor theta, Tensor grad) {
        Tensor direction = grad;
        if (momentum != 0) {
            Tensor v = slots.get("momentum");
            if (v == null) {
                v = grad.copy();
                slots.put("momentum", v);
            } else {
                v.mulInPlace(momentum).addInPlace(grad, 1.0);
            }
            direction = nesterov ? grad.add(v.mul(momentum)) : v;
        }
        theta.addInPlace(direction, -group.lr());
    }
}
