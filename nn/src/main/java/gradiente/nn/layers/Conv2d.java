package gradiente.nn.layers;

import gradiente.autograd.ConvOps;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.init.Init;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * 2-D convolution layer over NCHW images (seed 000 eq. 4-5, thesis 2.6), in either of the seed's two
 * modes: {@link Mode#CROSS_CORRELATION} (eq. 5, {@code S(i,j) = sum_m sum_n I(i+m, j+n) K(m,n)}, what
 * frameworks call convolution) or {@link Mode#CONVOLUTION} (eq. 4, the kernel flipped).
 *
 * <p>Input {@code [N, Cin, H, W]}, weight {@code [Cout, Cin/groups, kH, kW]}, bias {@code [Cout]},
 * output {@code [N, Cout, Ho, Wo]} with {@code Ho = floor((H + padTop + padBottom - d(kH-1) - 1)/s) + 1}.
 * Initialised as PyTorch does: weight and bias uniform in {@code ±1/sqrt(Cin/groups * kH * kW)}.
 */
public final class Conv2d extends Layer {
    /** Which of the seed's two definitions the layer computes. */
    public enum Mode {
        /** Seed 000 eq. 5: the kernel slides unflipped (PyTorch/Keras "convolution"). */
        CROSS_CORRELATION,
        /** Seed 000 eq. 4: the mathematical convolution, kernel flipped in both axes. */
        CONVOLUTION
    }

    private final int in;
    private final int out;
    private final int kH;
    private final int kW;
    private final int strideH;
    private final int strideW;
    private final int dilationH;
    private final int dilationW;
    private final int groups;
    private final Padding padding;
    private final Mode mode;

    private Conv2d(Builder b, Generator gen) {
        if (b.in < 1 || b.out < 1 || b.in % b.groups != 0 || b.out % b.groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels in=" + b.in + " out=" + b.out
                    + " must be >= 1 and divisible by groups=" + b.groups);
        }
        this.in = b.in;
        this.out = b.out;
        this.kH = b.kH;
        this.kW = b.kW;
        this.strideH = b.strideH;
        this.strideW = b.strideW;
        this.dilationH = b.dilationH;
        this.dilationW = b.dilationW;
        this.groups = b.groups;
        this.padding = b.padding;
        this.mode = b.mode;
        int fanIn = in / groups * kH * kW;
        Init.fanInUniform(addParameter("weight", Tensor.zeros(out, in / groups, kH, kW)).data(), gen, fanIn);
        if (b.bias) {
            Init.fanInUniform(addParameter("bias", Tensor.zeros(out)).data(), gen, fanIn);
        }
    }

    /** A builder for a {@code in -> out} convolution with a square {@code kernel}. */
    public static Builder builder(int in, int out, int kernel) {
        return new Builder(in, out, kernel, kernel);
    }

    /** Shorthand: stride 1, no padding, bias, cross-correlation, initialised from {@link Generator#nextDefault}. */
    public Conv2d(int in, int out, int kernel) {
        this(builder(in, out, kernel), Generator.nextDefault());
    }

    /** Shorthand: stride 1, no padding, bias, cross-correlation. */
    public Conv2d(int in, int out, int kernel, Generator gen) {
        this(builder(in, out, kernel), gen);
    }

    public Variable weight() {
        return param("weight");
    }

    /** The bias, or null when built without one. */
    public Variable bias() {
        return hasParam("bias") ? param("bias") : null;
    }

    /** The geometry used for an input of {@code h x w} (resolves "same" padding). */
    public Conv2dGeometry geometry(int h, int w) {
        return padding.geometry(h, w, kH, kW, strideH, strideW, dilationH, dilationW, groups);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("Conv2d: input must be [N, C, H, W], got " + x.data().shapeString());
        }
        Conv2dGeometry g = geometry(x.size(2), x.size(3));
        return mode == Mode.CROSS_CORRELATION ? ConvOps.conv2d(x, weight(), bias(), g)
                : ConvOps.convolve2d(x, weight(), bias(), g);
    }

    @Override
    protected String describe() {
        return in + "->" + out + ", kernel=" + kH + "x" + kW + ", stride=" + strideH + "x" + strideW + ", padding="
                + padding + (dilationH * dilationW > 1 ? ", dilation=" + dilationH + "x" + dilationW : "")
                + (groups > 1 ? ", groups=" + groups : "") + ", bias=" + hasParam("bias")
                + (mode == Mode.CONVOLUTION ? ", mode=convolution" : "");
    }

    /** Required: channels and kernel; optional: stride, padding, dilation, groups, bias, mode. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int kH;
        private int kW;
        private int strideH = 1;
        private int strideW = 1;
        private int dilationH = 1;
        private int dilationW = 1;
        private int groups = 1;
        private Padding padding = Padding.valid();
        private boolean bias = true;
        private Mode mode = Mode.CROSS_CORRELATION;

        private Builder(int in, int out, int kH, int kW) {
            if (kH < 1 || kW < 1) {
                throw new IllegalArgumentException("Conv2d: kernel must be >= 1, got " + kH + "x" + kW);
            }
            this.in = in;
            this.out = out;
            this.kH = kH;
            this.kW = kW;
        }

        public Builder kernel(int kH, int kW) {
            this.kH = kH;
            this.kW = kW;
            return this;
        }

        public Builder stride(int s) {
            return stride(s, s);
        }

        /** Per-axis strides (the thesis' mixed-stride example). */
        public Builder stride(int sH, int sW) {
            this.strideH = sH;
            this.strideW = sW;
            return this;
        }

        public Builder padding(Padding p) {
            this.padding = p;
            return this;
        }

        public Builder padding(int p) {
            return padding(Padding.symmetric(p));
        }

        public Builder dilation(int d) {
            this.dilationH = d;
            this.dilationW = d;
            return this;
        }

        public Builder groups(int g) {
            this.groups = g;
            return this;
        }

        public Builder bias(boolean b) {
            this.bias = b;
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        /** Initialised from the default generator sequence ({@link Generator#nextDefault}: seed 0, deterministic by construction order). */
        public Conv2d build() {
            return new Conv2d(this, Generator.nextDefault());
        }

        public Conv2d build(Generator gen) {
            return new Conv2d(this, gen);
        }
    }
}
