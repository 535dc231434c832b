package gradiente.autograd;

import gradiente.tensor.Tensor;

/**
 * One differentiable operation: its forward rule and its backward rule side by side (thesis 2.5:
 * each node of the computational graph knows its local partial derivatives, and backward chains them).
 *
 * <p>A new instance is made for every application ({@code new Mul().apply(a, b)}); the instance is
 * the graph node of its output and keeps the inputs backward needs. {@link #backward} is written with
 * {@link Variable} operations, so when the engine runs it with graph recording on (create-graph) the
 * gradient itself is differentiable: gradients of gradients need no extra code.
 */
public abstract class Function {
    private Variable[] inputs;
    private boolean[] needsGrad;
    private boolean released;
    /** Inputs whose gradient the running backward pass discards (set by the engine around {@link #runBackward}). */
    private boolean[] discarded;
    /** The {@link Profiler} phase this node was recorded in (set only while a recording is open). */
    String profilePhase;

    /** Name shown in graphs and error messages ({@code add}, {@code matmul}, ...). */
    public abstract String name();

    /** Computes the output from the inputs' data. Must not modify the inputs. */
    protected abstract Tensor forward(Tensor... inputs);

    /**
     * Gradients with respect to each input given the gradient of the output, as Variables of the
     * inputs' shapes (or of shapes that broadcast to them: the engine sums broadcast gradients back).
     * Entries for inputs that need no gradient may be {@code null}.
     */
    protected abstract Variable[] backward(Variable gradOutput);

    /** Applies the function, recording a graph node when any input requires a gradient. */
    public final Variable apply(Variable... in) {
        Tensor[] data = new Tensor[in.length];
        boolean record = false;
        for (int i = 0; i < in.length; i++) {
            data[i] = in[i].data();
            record |= in[i].requiresGrad();
        }
        this.inputs = in;
        Tensor out = Profiler.active ? Profiler.forward(this, data) : forward(data);
        if (!record || !GradMode.isEnabled()) {
            this.inputs = null;
            return new Variable(out);
        }
        needsGrad = new boolean[in.length];
        for (int i = 0; i < in.length; i++) {
            needsGrad[i] = in[i].requiresGrad();
        }
        return new Variable(out, this);
    }

    /**
     * Multiply-adds of one forward rule on these operands, for the {@link Profiler}'s FLOP count; 0
     * (the default) for ops whose cost is not counted (elementwise work, copies, reductions).
     */
    protected long multiplyAdds(Tensor[] in, Tensor out) {
        return 0;
    }

    /** The i-th input (available to forward and, until released, to backward). */
    protected final Variable input(int i) {
        if (released) {
            throw new IllegalStateException(name() + ": the graph was already freed by an earlier backward; "
                    + "call backward with retainGraph=true to backpropagate through it twice");
        }
        return inputs[i];
    }

    /**
     * Whether input i needs a gradient (lets backward skip work): it requires one, and the running
     * backward pass keeps it ({@link Autograd#grad} discards the gradients of inputs that lead to none of
     * the variables asked for, e.g. the discriminator's weights in a generator update).
     */
    protected final boolean needsInputGrad(int i) {
        return needsGrad != null && needsGrad[i] && (discarded == null || !discarded[i]);
    }

    /** Runs backward with the gradients of the inputs marked in {@code discard} not computed (null: all are). */
    final Variable[] runBackward(Variable gradOutput, boolean[] discard) {
        discarded = discard;
        try {
            return Profiler.active ? Profiler.backward(this, gradOutput) : runBackward(gradOutput);
        } finally {
            discarded = null;
        }
    }

    /** The inputs of this node, for graph traversal and export. */
    public final Variable[] inputs() {
        if (released) {
            throw new IllegalStateException(name() + ": the graph was already freed by an earlier backward; "
                    + "call backward with retainGraph=true to backpropagate through it twice");
        }
        return inputs == null ? new Variable[0] : inputs.clone();
    }

    final boolean isReleased() {
        return released;
    }

    /** Drops the saved inputs after backward (unless the graph is retained). */
    void release() {
        released = true;
        inputs = null;
        releaseSaved();
    }

    /** Hook for subclasses that saved extra tensors in forward. */
    protected void releaseSaved() {
    }

    final Variable[] runBackward(Variable gradOutput) {
        if (released) {
            throw new IllegalStateException(name() + ": the graph was already freed by an earlier backward; "
                    + "call backward with retainGraph=true to backpropagate through it twice");
        }
        Variable[] g = backward(gradOutput);
        if (g.length != inputs.length) {
            throw new IllegalStateException(name() + ": backward returned " + g.length + " gradients for "
                    + inputs.length + " inputs");
        }
        return g;
    }
}
