package gradiente.nn;

import gradiente.autograd.Variable;

/**
 * A module with one input and one output: {@code y = f(x; theta)}. Layers compose with
 * {@link Sequential}; the shapes each accepts are stated in its Javadoc (NCHW for images).
 */
public abstract class Layer extends Module {
    /** Computes the output, recording the graph when the input or a parameter requires a gradient. */
    public abstract Variable forward(Variable input);
}
