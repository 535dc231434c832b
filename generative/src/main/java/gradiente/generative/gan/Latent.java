package gradiente.generative.gan;

import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * The latent space of a generator: {@code z ~ N(0, I)} of dimension {@code d} (thesis 4.2 uses
 * {@code d = 100}), and interpolation between two latent vectors (thesis figures 55-56).
 */
public final class Latent {
    private Latent() {
    }

    /** {@code n} latent vectors {@code [n, d]}, each component standard normal. */
    public static Tensor sample(Generator gen, int n, int d, DType dtype, Device device) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("Latent.sample: need n >= 1 and d >= 1, got n=" + n + " d=" + d);
        }
        return Tensor.randn(gen, dtype, n, d).to(device);
    }

    /**
     * {@code steps} points on the straight line from {@code a} to {@code b} (both {@code [d]} or
     * {@code [1, d]}): row {@code i} is {@code (1 - t_i) a + t_i b} with {@code t_i = i / (steps - 1)},
     * so the first row is {@code a} and the last {@code b}. Returns {@code [steps, d]}.
     */
    public static Tensor linear(Tensor a, Tensor b, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("Latent.linear: need at least 2 steps, got " + steps);
        }
        Tensor ra = a.reshape(1, -1);
        Tensor rb = b.reshape(1, -1);
        if (ra.size(1) != rb.size(1)) {
            throw new IllegalArgumentException("Latent.linear: end points " + a.shapeString() + " and " + b.shapeString()
                    + " differ in size");
        }
        Tensor[] rows = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            double t = i / (double) (steps - 1);
            rows[i] = ra.mul(1 - t).add(rb.mul(t));
        }
        return Tensor.concat(0, rows);
    }
}
