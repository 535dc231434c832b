package gradiente.nn.layers;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.init.Init;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * A lookup table {@code W [count, dim]} (initialised N(0, 1)): the input holds integer indices
 * {@code [N]} (as floats, e.g. class labels of a conditional GAN) and the output is the rows
 * {@code [N, dim]}. The gradient of each used row is the sum of the gradients of its lookups.
 */
public final class Embedding extends Layer {
    private final int count;
    private final int dim;

    /** Initialised from the default generator sequence ({@link Generator#nextDefault}: seed 0, deterministic by construction order). */
    public Embedding(int count, int dim) {
        this(count, dim, Generator.nextDefault());
    }

    public Embedding(int count, int dim, Generator gen) {
        if (count < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding: count and dim must be >= 1, got " + count + ", " + dim);
        }
        this.count = count;
        this.dim = dim;
        Init.normal(addParameter("weight", Tensor.zeros(count, dim)).data(), gen, 0, 1);
    }

    public Variable weight() {
        return param("weight");
    }

    @Override
    public Variable forward(Variable indices) {
        return lookup(indices.data());
    }

    /** The rows for indices of shape {@code [N]}. */
    public Variable lookup(Tensor indices) {
        if (indices.rank() != 1) {
            throw new IllegalArgumentException("Embedding: indices must have shape [N], got " + indices.shapeString());
        }
        double[] idx = indices.toDoubleArray();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] != Math.rint(idx[i]) || idx[i] < 0 || idx[i] >= count) {
                throw new IllegalArgumentException("Embedding: index " + idx[i] + " at position " + i
                        + " is not an integer in [0, " + count + ")");
            }
        }
        Variable w = weight();
        Tensor index = indices.to(w.data().dtype()).to(w.data().device()).reshape(idx.length, 1).expand(idx.length, dim);
        return w.gather(0, index);
    }

    @Override
    protected String describe() {
        return "count=" + count + ", dim=" + dim;
    }
}
