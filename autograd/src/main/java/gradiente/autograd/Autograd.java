package gradiente.autograd;

import gradiente.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse-mode engine (thesis 2.5): after the forward pass has built the graph, visit the nodes
 * from the output back to the inputs in reverse topological order and apply the chain rule at each,
 * {@code df/dinput += df/doutput * doutput/dinput}.
 *
 * <p>The walk is iterative (a deep graph cannot overflow the stack), uses identity-based sets (two
 * equal-valued variables are still two nodes) and is deterministic (inputs are visited in order).
 * Gradients flowing into a variable used several times are summed. A gradient whose shape differs
 * from its input's because the forward op broadcast that input is summed back to the input's shape
 * here, in one place, for every op.
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * The {@link Profiler} phase of a backward pass: its inclusive time is the whole pass, and the ops the
     * engine itself applies (summing gradients, reducing broadcast ones) are recorded in it; each node's
     * backward rule is recorded in the phase the node was created in.
     */
    public static final String PHASE = "autograd";

    /**
     * Backpropagates from {@code root}, accumulating into {@link Variable#grad()} of every leaf that
     * requires a gradient (and of non-leaves marked with {@link Variable#retainGrad()}).
     *
     * @param gradRoot    gradient of the final objective with respect to root (ones for a scalar root when null)
     * @param retainGraph keep the graph so that backward can run through it again
     * @param createGraph record the backward computation itself so that the gradients can be differentiated
     */
    public static void backward(Variable root, Tensor gradRoot, boolean retainGraph, boolean createGraph) {
        Tensor g = gradRoot != null ? gradRoot : seed(root);
        Map<Variable, Variable> grads = run(List.of(root), List.of(new Variable(g)), retainGraph, createGraph, null);
        for (Map.Entry<Variable, Variable> e : grads.entrySet()) {
            Variable v = e.getKey();
            if (v.isLeaf() ? v.requiresGrad() : v.retainsGrad()) {
                v.accumulateGrad(e.getValue().data());
            }
        }
    }

    /**
     * Gradients of {@code sum_k outputs[k] * gradOutputs[k]} with respect to {@code inputs}, returned
     * rather than accumulated. With {@code createGraph} the results are part of the graph and can be
     * differentiated again (the WGAN-GP gradient penalty does this).
     *
     * @param gradOutputs one per output, or null for ones (scalar outputs)
     * @param allowUnused when false, an input the outputs do not depend on is an error; when true its gradient is zeros
     */
    public static Variable[] grad(Variable[] outputs, Variable[] gradOutputs, Variable[] inputs, boolean retainGraph,
                                  boolean createGraph, boolean allowUnused) {
        List<Variable> seeds = new ArrayList<>();
        for (int k = 0; k < outputs.length; k++) {
            Variable go = gradOutputs != null && gradOutputs[k] != null ? gradOutputs[k] : new Variable(seed(outputs[k]));
            seeds.add(go);
        }
        Set<Variable> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(Arrays.asList(inputs));
        Map<Variable, Variable> grads = run(Arrays.asList(outputs), seeds, retainGraph, createGraph, wanted);
        Variable[] result = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Variable g = grads.get(inputs[i]);
            if (g == null) {
                if (!allowUnused) {
                    throw new IllegalArgumentException("grad: input " + i + " (shape " + inputs[i].data().shapeString()
                            + ") is not used to compute the outputs; pass allowUnused=true to get zeros");
                }
                g = new Variable(inputs[i].data().zerosLike());
            }
            result[i] = g;
        }
        return result;
    }

    private static Tensor seed(Variable root) {
        if (root.data().numel() != 1) {
            throw new IllegalArgumentException("backward: output of shape " + root.data().shapeString()
                    + " is not a scalar; pass the gradient of the objective with respect to it");
        }
        return root.data().newFull(1.0, root.data().shape());
    }

    /** Variables requiring gradients reachable from the roots, each after every variable it was computed from. */
    public static List<Variable> topologicalOrder(List<Variable> roots) {
        List<Variable> order = new ArrayList<>();
        Set<Variable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>(); // {variable, next input index}
        for (Variable r : roots) {
            if (!r.requiresGrad() || !visited.add(r)) {
                continue;
            }
            stack.push(new Object[] {r, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Variable v = (Variable) top[0];
                int next = (Integer) top[1];
                Variable[] in = v.gradFn() == null ? new Variable[0] : v.gradFn().inputs();
                if (next < in.length) {
                    top[1] = next + 1;
                    Variable child = in[next];
                    if (child.requiresGrad() && visited.add(child)) {
                        stack.push(new Object[] {child, 0});
                    }
                } else {
                    stack.pop();
                    order.add(v);
                }
            }
        }
        return order;
    }

    private static Map<Variable, Variable> run(List<Variable> roots, List<Variable> seeds, boolean retainGraph,
                                               boolean createGraph, Set<Variable> stopAt) {
        Map<Variable, Variable> grads = new IdentityHashMap<>();
        for (int k = 0; k < roots.size(); k++) {
            Variable r = roots.get(k);
            if (!r.requiresGrad()) {
                throw new IllegalArgumentException("backward: output " + k + " (shape " + r.data().shapeString()
                        + ") does not require a gradient: no input of it requires one");
            }
            Variable s = seeds.get(k);
            if (!Arrays.equals(s.data().shape(), r.data().shape())) {
                throw new IllegalArgumentException("backward: gradient of shape " + s.data().shapeString()
                        + " given for output of shape " + r.data().shapeString());
            }
            accumulate(grads, r, s);
        }
        List<Variable> order = topologicalOrder(roots);
        Set<Variable> useful = stopAt == null ? null : usefulFor(order, stopAt);
        try (GradMode.Scope scope = GradMode.set(createGraph); Profiler.Scope phase = Profiler.phase(PHASE)) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Variable v = order.get(i);
                Function f = v.gradFn();
                Variable g = grads.get(v);
                if (f == null || g == null || (useful != null && !useful.contains(v))) {
                    continue;
                }
                Variable[] in = f.inputs();
                Variable[] gi = f.runBackward(g, useful == null ? null : discarded(in, useful));
                for (int j = 0; j < in.length; j++) {
                    boolean wanted = useful == null || useful.contains(in[j]);
                    if (gi[j] != null && in[j].requiresGrad() && wanted) {
                        accumulate(grads, in[j], sumToShape(gi[j], in[j], f));
                    }
                }
                if (!retainGraph) {
                    f.release();
                }
            }
        }
        return grads;
    }

    /**
     * The variables whose gradient leads to a wanted one: the wanted variables and everything computed
     * from them (order lists inputs before the variables computed from them).
     */
    private static Set<Variable> usefulFor(List<Variable> order, Set<Variable> wanted) {
        Set<Variable> useful = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Variable v : order) {
            boolean u = wanted.contains(v);
            if (!u && v.gradFn() != null) {
                for (Variable in : v.gradFn().inputs()) {
                    if (useful.contains(in)) {
                        u = true;
                        break;
                    }
                }
            }
            if (u) {
                useful.add(v);
            }
        }
        return useful;
    }

    /** Which of a node's inputs lead to no wanted variable (null when all do). */
    private static boolean[] discarded(Variable[] in, Set<Variable> useful) {
        boolean[] d = null;
        for (int j = 0; j < in.length; j++) {
            if (in[j].requiresGrad() && !useful.contains(in[j])) {
                if (d == null) {
                    d = new boolean[in.length];
                }
                d[j] = true;
            }
        }
        return d;
    }

    /** Sums a broadcast gradient back to the shape of the input it belongs to. */
    private static Variable sumToShape(Variable g, Variable input, Function f) {
        int[] target = input.data().shape();
        int[] have = g.data().shape();
        if (Arrays.equals(target, have)) {
            return g;
        }
        try {
            return g.sumToShape(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(f.name() + ": backward produced a gradient of shape " + Arrays.toString(have)
                    + " for an input of shape " + Arrays.toString(target), e);
        }
    }

    private static void accumulate(Map<Variable, Variable> grads, Variable v, Variable g) {
        Variable prev = grads.get(v);
        grads.put(v, prev == null ? g : prev.add(g));
    }
}
