package gradiente.autograd.golden;

import gradiente.autograd.Variable;
import gradiente.testdata.GoldenCase;
import java.util.Map;

/** The Java counterpart of one golden op: computes the forward result from the case's inputs and params. */
@FunctionalInterface
interface GoldenOp {
    /**
     * @param c  the case (for its params)
     * @param in the inputs by name, in file order; differentiable ones are parameters, the others constants
     */
    Variable apply(GoldenCase c, Map<String, Variable> in);
}
