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

    /**
     * {@code steps} points on the great-circle arc from {@code a} to {@code b} (spherical linear
     * interpolation, White 2016, suited to Gaussian latents whose mass lies near a sphere): row {@code i}
     * is {@code sin((1 - t) W) / sin W a + sin(t W) / sin W b} with {@code cos W = a.b / (|a| |b|)} and
     * {@code t = i / (steps - 1)}. Falls back to {@link #linear} when {@code a} and {@code b} are (nearly)
     * parallel. Returns {@code [steps, d]}.
     */
    public static Tensor spherical(Tensor a, Tensor b, int steps) {
        Tensor lin = linear(a, b, steps);
        double[] va = a.reshape(-1).toDoubleArray();
        double[] vb = b.reshape(-1).toDoubleArray();
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < va.length; i++) {
            dot += va[i] * vb[i];
            na += va[i] * va[i];
            nb += vb[i] * vb[i];
        }
        double cos = dot / Math.sqrt(na * nb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        if (!(Math.sin(omega) > 1e-6)) {
            return lin;
        }
        Tensor ra = a.reshape(1, -1);
        Tensor rb = b.reshape(1, -1);
        Tensor[] rows = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            double t = i / (double) (steps - 1);
            rows[i] = ra.mul(Math.sin((1 - t) * omega) / Math.sin(omega)).add(rb.mul(Math.sin(t * omega) / Math.sin(omega)));
        }
        return Tensor.concat(0, rows);
    }
}
