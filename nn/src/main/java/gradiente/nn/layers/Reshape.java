package gradiente.nn.layers;

import gradiente.autograd.Variable;
import java.util.Arrays;
import gradiente.nn.Layer;

/**
 * Reshapes every sample, keeping the batch dimension: {@code [N, ...] -> [N, shape...]} (one entry may
 * be -1). {@code new Reshape(128, 7, 7)} turns the DCGAN generator's dense output {@code [N, 6272]}
 * into feature maps {@code [N, 128, 7, 7]} (Keras' Reshape, PyTorch's Unflatten of dimension 1).
 */
public final class Reshape extends Layer {
    private final int[] shape;

    public Reshape(int... shape) {
        this.shape = shape.clone();
    }

    @Override
    public Variable forward(Variable x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("Reshape: input must have a batch dimension, got a scalar");
        }
        int[] target = new int[shape.length + 1];
        target[0] = x.size(0);
        System.arraycopy(shape, 0, target, 1, shape.length);
        try {
            return x.reshape(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Reshape: cannot reshape input " + x.data().shapeString()
                    + " to per-sample shape " + Arrays.toString(shape), e);
        }
    }

    @Override
    protected String describe() {
        return "shape=" + Arrays.toString(shape);
    }
}
