package gradiente.nn.init;

import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * Seeded parameter initialisers. Each fills a tensor in place and returns it; the random numbers come
 * from an explicit {@link Generator}, so the same seed gives the same weights.
 *
 * <p>Fans follow PyTorch: for a weight of shape {@code [d0, d1, k...]} the receptive field is the
 * product of {@code k...}, {@code fanIn = d1 * receptive} and {@code fanOut = d0 * receptive}
 * (Linear {@code [out, in]}, Conv2d {@code [O, C/groups, kH, kW]}).
 */
public final class Init {
    private Init() {
    }

    /** {@code {fanIn, fanOut}} of a weight of rank at least 2. */
    public static int[] fans(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("init: fan in/out need a weight of rank >= 2, got rank " + shape.length);
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new int[] {shape[1] * receptive, shape[0] * receptive};
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(Tensor t, Generator gen, double lo, double hi) {
        return t.copyFrom(Tensor.uniform(gen, lo, hi, t.dtype(), t.shape()));
    }

    /** Normal with mean and standard deviation; {@code normal(t, gen, 0, 0.02)} is the DCGAN initialisation. */
    public static Tensor normal(Tensor t, Generator gen, double mean, double std) {
        return t.copyFrom(Tensor.randn(gen, t.dtype(), t.shape()).mul(std).add(mean));
    }

    public static Tensor zeros(Tensor t) {
        return t.fill(0);
    }

    public static Tensor ones(Tensor t) {
        return t.fill(1);
    }

    /** Glorot and Bengio (2010): U(-a, a) with {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor t, Generator gen, double gain) {
        int[] f = fans(t.shape());
        double a = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, gen, -a, a);
    }

    /** Glorot normal: N(0, std^2) with {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, Generator gen, double gain) {
        int[] f = fans(t.shape());
        return normal(t, gen, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
    }

    /** The gain of a leaky ReLU with negative slope a, {@code sqrt(2 / (1 + a^2))} (a = 0 for ReLU). */
    public static double leakyReluGain(double a) {
        return Math.sqrt(2.0 / (1 + a * a));
    }

    /** He et al. (2015), fan-in mode: U(-b, b) with {@code b = gain(a) * sqrt(3 / fanIn)}. */
    public static Tensor kaimingUniform(Tensor t, Generator gen, double a) {
        double b = leakyReluGain(a) * Math.sqrt(3.0 / fans(t.shape())[0]);
        return uniform(t, gen, -b, b);
    }

    /** He normal, fan-in mode: N(0, std^2) with {@code std = gain(a) / sqrt(fanIn)}. */
    public static Tensor kaimingNormal(Tensor t, Generator gen, double a) {
        return normal(t, gen, 0, leakyReluGain(a) / Math.sqrt(fans(t.shape())[0]));
    }

    /**
     * PyTorch's default for Linear and Conv layers: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (this equals
     * {@code kaimingUniform} with {@code a = sqrt(5)}). Used for weights and, with the weight's fan-in, biases.
     */
    public static Tensor fanInUniform(Tensor t, Generator gen, int fanIn) {
        double b = 1.0 / Math.sqrt(fanIn);
        return uniform(t, gen, -b, b);
    }
}
