package gradiente.nn.layers;

import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.init.Init;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * Fully connected layer (thesis 2.2, {@code h = theta^T x + c}): {@code y = x W^T + b} with weight
 * {@code W [out, in]} and bias {@code b [out]}. Input {@code [..., in]}, output {@code [..., out]}.
 * Initialised as PyTorch does: W and b uniform in {@code ±1/sqrt(in)}.
 */
public class Linear extends Layer {
    private final int in;
    private final int out;

    /** Initialised from the default generator sequence ({@link Generator#nextDefault}: seed 0, deterministic by construction order). */
    public Linear(int in, int out) {
        this(in, out, true, Generator.nextDefault());
    }

    /** Initialised from the default generator sequence ({@link Generator#nextDefault}). */
    public Linear(int in, int out, boolean bias) {
        this(in, out, bias, Generator.nextDefault());
    }

    public Linear(int in, int out, Generator gen) {
        this(in, out, true, gen);
    }

    public Linear(int in, int out, boolean bias, Generator gen) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: features must be >= 1, got in=" + in + " out=" + out);
        }
        this.in = in;
        this.out = out;
        Init.fanInUniform(addParameter("weight", Tensor.zeros(out, in)).data(), gen, in);
        if (bias) {
            Init.fanInUniform(addParameter("bias", Tensor.zeros(out)).data(), gen, in);
        }
    }

    public Variable weight() {
        return param("weight");
    }

    /** The bias, or null when built without one. */
    public Variable bias() {
        return hasParam("bias") ? param("bias") : null;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.rank() < 1 || x.size(-1) != in) {
            throw new IllegalArgumentException("Linear: input " + x.data().shapeString() + " must end in " + in
                    + " features (weight [" + out + ", " + in + "])");
        }
        Variable y = x.matmul(weight().t());
        return hasParam("bias") ? y.add(bias()) : y;
    }

    @Override
    protected String describe() {
        return "in=" + in + ", out=" + out + ", bias=" + hasParam("bias");
    }
}
