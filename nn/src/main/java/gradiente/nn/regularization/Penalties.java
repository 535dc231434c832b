package gradiente.nn.regularization;

import gradiente.autograd.Variable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameter-norm penalties {@code lambda R(w)} added to the objective (thesis 2.4,
 * {@code L~(w) = L(w) + lambda R(w)}). They are ordinary differentiable terms: adding one to the loss
 * before backward adds its gradient to every parameter's.
 *
 * <p>The thesis (following Goodfellow et al. ch. 7) penalises only the weights, not the biases;
 * {@link #weightsOnly} selects them by name.
 */
public final class Penalties {
    private Penalties() {
    }

    /** L2 ("weight decay", ridge): {@code lambda/2 * sum ||w||^2}, gradient {@code lambda w}. */
    public static Variable l2(Collection<Variable> weights, double lambda) {
        Variable total = null;
        for (Variable w : weights) {
            Variable t = w.square().sum();
            total = total == null ? t : total.add(t);
        }
        return scaled("l2", total, lambda / 2);
    }

    /** L1 (lasso): {@code lambda * sum |w|}, gradient {@code lambda sign(w)}. */
    public static Variable l1(Collection<Variable> weights, double lambda) {
        Variable total = null;
        for (Variable w : weights) {
            Variable t = w.abs().sum();
            total = total == null ? t : total.add(t);
        }
        return scaled("l1", total, lambda);
    }

    private static Variable scaled(String op, Variable total, double factor) {
        if (total == null) {
            throw new IllegalArgumentException(op + ": no parameters to penalise");
        }
        return total.mul(factor);
    }

    /** The named parameters that are not biases (names not ending in {@code bias}). */
    public static Map<String, Variable> weightsOnly(Map<String, Variable> named) {
        Map<String, Variable> out = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> e : named.entrySet()) {
            if (!e.getKey().equals("bias") && !e.getKey().endsWith(".bias")) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
