package gradiente.autograd;

import gradiente.tensor.io.Numbers;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the computational graph below a variable in Graphviz DOT (thesis figures 26-28): variables
 * are boxes labelled with their name, value and gradient; operations are ellipses. Render with
 * {@code dot -Tpng graph.dot -o graph.png}. Call it before freeing the graph (backward with
 * {@code retainGraph=true}) to show gradients.
 */
public final class GraphDot {
    private GraphDot() {
    }

    /** The DOT text of the graph that computed {@code root}. */
    public static String toDot(Variable root) {
        StringBuilder sb = new StringBuilder("digraph computation {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        Map<Object, String> ids = new IdentityHashMap<>();
        List<Variable> order = Autograd.topologicalOrder(List.of(root));
        for (Variable v : order) {
            String id = ids.computeIfAbsent(v, k -> "v" + ids.size());
            sb.append("  ").append(id).append(" [shape=box, label=\"").append(escape(describe(v))).append("\"];\n");
            Function f = v.gradFn();
            if (f != null) {
                String fid = ids.computeIfAbsent(f, k -> "f" + ids.size());
                sb.append("  ").append(fid).append(" [shape=ellipse, label=\"").append(escape(f.name())).append("\"];\n");
                sb.append("  ").append(fid).append(" -> ").append(id).append(";\n");
                for (Variable in : f.inputs()) {
                    String iid = ids.computeIfAbsent(in, k -> "v" + ids.size());
                    if (!in.requiresGrad()) {
                        sb.append("  ").append(iid).append(" [shape=box, style=dashed, label=\"")
                                .append(escape(describe(in))).append("\"];\n");
                    }
                    sb.append("  ").append(iid).append(" -> ").append(fid).append(";\n");
                }
            }
        }
        return sb.append("}\n").toString();
    }

    private static String describe(Variable v) {
        StringBuilder s = new StringBuilder();
        if (v.label() != null) {
            s.append(v.label()).append('\n');
        }
        s.append("value ").append(format(v.data()));
        if (v.grad() != null) {
            s.append("\ngrad ").append(format(v.grad()));
        }
        return s.toString();
    }

    private static String format(gradiente.tensor.Tensor t) {
        if (t.numel() == 1) {
            return Numbers.compact(t.item(), 4);
        }
        return t.shapeString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
