package gradiente.nn;

import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The state of a network part: trainable parameters (leaf {@link Variable}s made with
 * {@link Variable#parameter}), buffers (tensors that are saved but not trained, such as batch-norm
 * running statistics), sub-modules, and the train/eval mode.
 *
 * <p>Everything is kept in registration order, so {@link #namedParameters()} lists
 * {@code "0.weight", "0.bias", "2.weight", ...} deterministically: optimisers and checkpoints rely on
 * that order. Subclasses read their own state through {@link #param(String)} and {@link #buffer(String)}
 * rather than fields, so that {@link #to(DType)} and {@link #to(Device)} can replace it.
 *
 * <p>This class has no forward method because models may take several inputs; single-input layers
 * extend {@link Layer}.
 */
public abstract class Module {
    private final Map<String, Variable> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private boolean training = true;

    // ------------------------------------------------------------------ registration

    /** Registers a trainable parameter initialised with {@code init} (which the module then owns). */
    protected final Variable addParameter(String name, Tensor init) {
        checkName(name);
        Variable p = Variable.parameter(init.contiguous()).named(name);
        params.put(name, p);
        return p;
    }

    /** Registers a buffer: saved in the state dict, moved with the module, never trained. */
    protected final Tensor addBuffer(String name, Tensor value) {
        checkName(name);
        Tensor b = value.contiguous();
        buffers.put(name, b);
        return b;
    }

    /** Registers a sub-module; its state appears under {@code name + "."}. */
    protected final <M extends Module> M addModule(String name, M module) {
        checkName(name);
        modules.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid state name '" + name
                    + "' (must be non-empty and contain no '.')");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || modules.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
        }
    }

    /** This module's own parameter (not a sub-module's). */
    protected final Variable param(String name) {
        Variable p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter '" + name + "'");
        }
        return p;
    }

    /** Whether this module has its own parameter of that name (e.g. an optional bias). */
    protected final boolean hasParam(String name) {
        return params.containsKey(name);
    }

    /** This module's own buffer. */
    protected final Tensor buffer(String name) {
        Tensor b = buffers.get(name);
        if (b == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer '" + name + "'");
        }
        return b;
    }

    // ------------------------------------------------------------------ traversal

    /** Direct sub-modules in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(modules);
    }

    /** Direct sub-modules in registration order. */
    public final List<Module> children() {
        return List.copyOf(modules.values());
    }

    /** This module and all descendants, depth first, with dotted names ("" for this module). */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            e.getValue().collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
        }
    }

    /** Every parameter of this module and its descendants with dotted names, in registration order. */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Variable> p : m.getValue().params.entrySet()) {
                out.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    /** Every parameter, in the order of {@link #namedParameters()}. */
    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer with dotted names. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Total number of trainable scalars. */
    public final long numParameters() {
        long n = 0;
        for (Variable p : namedParameters().values()) {
            n += p.data().numel();
        }
        return n;
    }

    /** Calls {@code fn} on every descendant (children first) and then on this module, as PyTorch does. */
    public final Module apply(Consumer<Module> fn) {
        for (Module m : modules.values()) {
            m.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------------ mode and gradients

    /** Sets training mode (dropout active, batch statistics) on this module and all descendants. */
    public Module train(boolean on) {
        training = on;
        for (Module m : modules.values()) {
            m.train(on);
        }
        return this;
    }

    public final Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout off, batch norm uses its running statistics. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Variable p : namedParameters().values()) {
            p.zeroGrad();
        }
    }

    // ------------------------------------------------------------------ state dict

    /** Parameters and buffers by dotted name (the live tensors, not copies), parameters first per module. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Variable> p : m.getValue().params.entrySet()) {
                out.put(join(m.getKey(), p.getKey()), p.getValue().data());
            }
            for (Map.Entry<String, Tensor> b : m.getValue().buffers.entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    /**
     * Copies values into this module's parameters and buffers (in place, converting type and device).
     * With {@code strict}, a missing or unexpected name is an error; a shape difference always is. The
     * error names the first mismatching tensor and both shapes.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                if (strict) {
                    throw new IllegalArgumentException("loadStateDict: " + getClass().getSimpleName() + " expects tensor '"
                            + e.getKey() + "' " + e.getValue().shapeString() + " but the state has no such entry (it has "
                            + state.keySet() + ")");
                }
                continue;
            }
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loadStateDict: tensor '" + e.getKey() + "' has shape "
                        + src.shapeString() + " in the state but " + e.getValue().shapeString() + " in "
                        + getClass().getSimpleName());
            }
        }
        if (strict) {
            for (String k : state.keySet()) {
                if (!own.containsKey(k)) {
                    throw new IllegalArgumentException("loadStateDict: the state has tensor '" + k + "' "
                            + state.get(k).shapeString() + " that " + getClass().getSimpleName() + " does not have");
                }
            }
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src != null) {
                e.getValue().copyFrom(src.to(e.getValue().dtype()));
            }
        }
    }

    // ------------------------------------------------------------------ conversion

    /** Converts every parameter and buffer to a type (parameters become new leaves; build optimisers after). */
    public final Module to(DType dtype) {
        return convert(t -> t.to(dtype));
    }

    /** Moves every parameter and buffer to a device (parameters become new leaves; build optimisers after). */
    public final Module to(Device device) {
        return convert(t -> t.to(device));
    }

    private Module convert(UnaryOperator<Tensor> f) {
        for (Module m : namedModules().values()) {
            m.params.replaceAll((k, v) -> {
                Tensor t = f.apply(v.data());
                return t == v.data() ? v : Variable.parameter(t.contiguous()).named(k);
            });
            m.buffers.replaceAll((k, b) -> f.apply(b).contiguous());
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(describe());
        if (!modules.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : modules.entrySet()) {
                sb.append("  (").append(e.getKey()).append("): ")
                        .append(e.getValue().toString().replace("\n", "\n  ")).append('\n');
            }
        }
        return sb.append(')').toString();
    }

    /** Settings shown by {@link #toString()}, e.g. {@code in=784, out=128}. */
    protected String describe() {
        return "";
    }
}
