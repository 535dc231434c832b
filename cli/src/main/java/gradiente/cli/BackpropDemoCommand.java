package gradiente.cli;

import gradiente.autograd.GraphDot;
import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import gradiente.tensor.io.AtomicFiles;
import gradiente.tensor.io.Numbers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente backprop-demo}: the computational-graph example of thesis section 2.5,
 * {@code f(x, y, z) = max((x + y) z, 0)}, evaluated forward and differentiated backward node by node.
 */
@Command(name = "backprop-demo", mixinStandardHelpOptions = true,
        description = "Thesis 2.5: forward and backward pass of f(x,y,z) = max((x+y)z, 0), node by node.")
public final class BackpropDemoCommand implements CliCommand, Callable<Integer> {
    @Option(names = "-x", description = "value of x (default ${DEFAULT-VALUE})", defaultValue = "-2")
    double x;

    @Option(names = "-y", description = "value of y (default ${DEFAULT-VALUE})", defaultValue = "3")
    double y;

    @Option(names = "-z", description = "value of z (default ${DEFAULT-VALUE})", defaultValue = "2")
    double z;

    @Option(names = "--dot", paramLabel = "FILE", description = "also write the graph, labelled with values and gradients, as Graphviz DOT")
    Path dot;

    @Override
    public Integer call() throws IOException {
        Variable vx = Variable.parameter(Tensor.scalar(x, DType.FLOAT64)).named("x");
        Variable vy = Variable.parameter(Tensor.scalar(y, DType.FLOAT64)).named("y");
        Variable vz = Variable.parameter(Tensor.scalar(z, DType.FLOAT64)).named("z");
        Variable v = vx.add(vy).named("v").retainGrad();
        Variable u = vz.mul(v).named("u").retainGrad();
        Variable f = u.relu().named("f").retainGrad();

        System.out.println("f(x, y, z) = max((x + y) z, 0)   (thesis section 2.5)");
        System.out.println("forward pass:");
        System.out.println("  x = " + fmt(vx));
        System.out.println("  y = " + fmt(vy));
        System.out.println("  z = " + fmt(vz));
        System.out.println("  v = x + y = " + fmt(v));
        System.out.println("  u = z * v = " + fmt(u));
        System.out.println("  f = max(u, 0) = " + fmt(f));

        f.backward(null, true, false);
        System.out.println("backward pass (chain rule, from the output back to the inputs):");
        for (Variable n : List.of(f, u, vz, v, vy, vx)) {
            System.out.println("  df/d" + n.label() + " = " + fmt(n.grad()));
        }
        if (dot != null) {
            AtomicFiles.writeString(dot, GraphDot.toDot(f));
            System.out.println("graph written to " + dot + " (render: dot -Tpng " + dot + " -o graph.png)");
        }
        return 0;
    }

    private static String fmt(Variable v) {
        return fmt(v.data());
    }

    private static String fmt(Tensor t) {
        return Numbers.shortest(t.item());
    }
}
