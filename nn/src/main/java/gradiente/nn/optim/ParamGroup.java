package gradiente.nn.optim;

import gradiente.autograd.Variable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters that share hyperparameters: a learning rate and a weight decay {@code lambda}. Weight
 * decay is either coupled (the L2 gradient {@code lambda theta} of thesis 2.4 is added to the gradient
 * before the optimiser's rule) or decoupled ({@code theta <- (1 - lr lambda) theta} applied directly,
 * Loshchilov and Hutter's AdamW). Parameters are keyed by name; optimiser state is saved under the keys.
 */
public final class ParamGroup {
    private final Map<String, Variable> params;
    private double lr;
    private double weightDecay;
    private boolean decoupled;

    public ParamGroup(Map<String, Variable> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("ParamGroup: no parameters");
        }
        for (Map.Entry<String, Variable> e : params.entrySet()) {
            if (!e.getValue().isLeaf() || !e.getValue().requiresGrad()) {
                throw new IllegalArgumentException("ParamGroup: '" + e.getKey() + "' is not a trainable leaf variable");
            }
        }
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        lr(lr);
    }

    public Map<String, Variable> params() {
        return params;
    }

    public double lr() {
        return lr;
    }

    /** Sets the learning rate (for schedules). */
    public ParamGroup lr(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("ParamGroup: learning rate must be finite and >= 0, got " + value);
        }
        lr = value;
        return this;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean decoupled() {
        return decoupled;
    }

    /** Coupled (L2-gradient) or decoupled weight decay with coefficient lambda. */
    public ParamGroup weightDecay(double lambda, boolean decoupledDecay) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("ParamGroup: weight decay must be >= 0, got " + lambda);
        }
        weightDecay = lambda;
        decoupled = decoupledDecay;
        return this;
    }
}
