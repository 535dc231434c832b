package gradiente.nn.optim;

import gradiente.autograd.Profiler;
import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A first-order optimiser: after backward, {@link #step()} moves every parameter that received a
 * gradient according to the rule of the subclass. Updates happen in place on the parameters' tensors,
 * outside the graph.
 *
 * <p>Per-parameter state (moment estimates, momentum buffers, step counts) is kept as tensors in
 * named slots, exported by {@link #state()} under {@code "<param>/<slot>"} and restored by
 * {@link #loadState}, so a checkpointed run resumes exactly.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups;
    private final Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();

    protected Optimizer(List<ParamGroup> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter groups");
        }
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (ParamGroup g : groups) {
            for (String k : g.params().keySet()) {
                if (seen.put(k, true) != null) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + k
                            + "' appears in two groups");
                }
            }
        }
        this.groups = List.copyOf(groups);
    }

    public final List<ParamGroup> groups() {
        return groups;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        try (var phase = Profiler.phase(PHASE)) {
            for (ParamGroup g : groups) {
                for (Variable p : g.params().values()) {
                    p.zeroGrad();
                }
            }
        }
    }

    /** The {@link Profiler} phase of {@link #step} and {@link #zeroGrad}. */
    public static final String PHASE = "optimizer";

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (var phase = Profiler.phase(PHASE)) {
            stepGroups();
        }
    }

    private void stepGroups() {
        for (ParamGroup group : groups) {
            for (Map.Entry<String, Variable> e : group.params().entrySet()) {
                Variable p = e.getValue();
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                Tensor theta = p.data();
                if (group.weightDecay() != 0) {
                    if (group.decoupled()) {
                        theta.mulInPlace(1 - group.lr() * group.weightDecay());
                    } else {
                        grad = grad.add(theta.mul(group.weightDecay()));
                    }
                }
                Map<String, Tensor> slots = state.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                update(group, slots, theta, grad);
            }
        }
    }

    /**
     * Updates {@code theta} in place given its gradient (weight decay already applied). {@code slots}
     * is this parameter's state, empty on its first step; create slots with {@link #slot}.
     */
    protected abstract void update(ParamGroup group, Map<String, Tensor> slots, Tensor theta, Tensor grad);

    /** The named slot, created as zeros shaped like {@code like} on first use. */
    protected static Tensor slot(Map<String, Tensor> slots, String name, Tensor like) {
        return slots.computeIfAbsent(name, k -> like.zerosLike());
    }

    /** Increments and returns a per-parameter step counter (kept as an exact float64 scalar slot). */
    protected static long nextStep(Map<String, Tensor> slots) {
        Tensor t = slots.computeIfAbsent("step", k -> Tensor.zeros(DType.FLOAT64));
        long s = (long) t.item() + 1;
        t.fill(s);
        return s;
    }

    // ------------------------------------------------------------------ state export

    /** Every slot under {@code "<param>/<slot>"} (live tensors), in parameter order. */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Tensor>> e : state.entrySet()) {
            for (Map.Entry<String, Tensor> s : e.getValue().entrySet()) {
                out.put(e.getKey() + "/" + s.getKey(), s.getValue());
            }
        }
        return out;
    }

    /** Learning rate and weight decay of each group, as text (for checkpoint metadata). */
    public final Map<String, String> hyperparameters() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("type", getClass().getSimpleName());
        for (int i = 0; i < groups.size(); i++) {
            out.put("group." + i + ".lr", Double.toString(groups.get(i).lr()));
            out.put("group." + i + ".weight_decay", Double.toString(groups.get(i).weightDecay()));
        }
        return out;
    }

    /**
     * Replaces the state with exported slots (copies), checking that every slot belongs to a known
     * parameter and, for tensors of the parameter's rank, has its shape. Group learning rates are
     * restored from {@code hyperparameters} when given.
     */
    public final void loadState(Map<String, Tensor> slots, Map<String, String> hyperparameters) {
        Map<String, Variable> params = new LinkedHashMap<>();
        for (ParamGroup g : groups) {
            params.putAll(g.params());
        }
        if (hyperparameters != null) {
            String type = hyperparameters.get("type");
            if (type != null && !type.equals(getClass().getSimpleName())) {
                throw new IllegalArgumentException("loadState: the state was saved by " + type + ", not "
                        + getClass().getSimpleName());
            }
        }
        Map<String, Map<String, Tensor>> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : slots.entrySet()) {
            int cut = e.getKey().lastIndexOf('/');
            String key = cut < 0 ? "" : e.getKey().substring(0, cut);
            Variable p = params.get(key);
            if (p == null) {
                throw new IllegalArgumentException("loadState: slot '" + e.getKey() + "' names no parameter of this "
                        + getClass().getSimpleName() + " (parameters: " + params.keySet() + ")");
            }
            Tensor v = e.getValue();
            String slotName = e.getKey().substring(cut + 1);
            if (!slotName.equals("step") && !Arrays.equals(v.shape(), p.data().shape())) {
                throw new IllegalArgumentException("loadState: slot '" + e.getKey() + "' has shape " + v.shapeString()
                        + " but parameter '" + key + "' has shape " + p.data().shapeString());
            }
            Tensor copy = slotName.equals("step") ? v.to(DType.FLOAT64).copy()
                    : v.to(p.data().dtype()).to(p.data().device()).copy();
            fresh.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(slotName, copy);
        }
        state.clear();
        state.putAll(fresh);
        if (hyperparameters != null) {
            for (int i = 0; i < groups.size(); i++) {
                String lr = hyperparameters.get("group." + i + ".lr");
                if (lr != null) {
                    groups.get(i).lr(Double.parseDouble(lr));
                }
            }
        }
    }

    /** One group of all named parameters. */
    protected static List<ParamGroup> single(Map<String, Variable> params, double lr) {
        List<ParamGroup> l = new ArrayList<>();
        l.add(new ParamGroup(params, lr));
        return l;
    }
}
