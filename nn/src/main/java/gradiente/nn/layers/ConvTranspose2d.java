package gradiente.nn.layers;

import gradiente.autograd.ConvOps;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.init.Init;
import gradiente.tensor.ConvTranspose2dGeometry;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * Transposed convolution layer (thesis 2.6.1): every input pixel scatters the kernel, scaled by its
 * value, into the output at stride spacing and overlapping products add; the DCGAN generator of thesis
 * 4.2 grows 7x7 maps to 14x14 and 28x28 with it. PyTorch {@code ConvTranspose2d} semantics.
 *
 * <p>Input {@code [N, Cin, H, W]}, weight {@code [Cin, Cout/groups, kH, kW]}, bias {@code [Cout]},
 * output {@code [N, Cout, Ho, Wo]}, {@code Ho = (H-1) s - 2p + d(kH-1) + outputPadding + 1}.
 * {@code same()} padding (Keras' {@code padding='same'}) gives {@code Ho = H s}: it crops
 * {@code p = ceil((d(k-1)+1-s)/2)} per side and adds {@code 2p - (d(k-1)+1-s)} rows of output padding.
 * Initialised as PyTorch does, uniform in {@code ±1/sqrt(Cout/groups * kH * kW)}.
 */
public final class ConvTranspose2d extends Layer {
    private final int in;
    private final int out;
    private final int kH;
    private final int kW;
    private final ConvTranspose2dGeometry geometry;
    private final boolean same;

    private ConvTranspose2d(Builder b, Generator gen) {
        if (b.in < 1 || b.out < 1 || b.in % b.groups != 0 || b.out % b.groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: channels in=" + b.in + " out=" + b.out
                    + " must be >= 1 and divisible by groups=" + b.groups);
        }
        this.in = b.in;
        this.out = b.out;
        this.kH = b.kernel;
        this.kW = b.kernel;
        this.same = b.same;
        int pad = b.padding;
        int outPad = b.outputPadding;
        if (same) {
            int total = b.dilation * (b.kernel - 1) + 1 - b.stride;
            if (total < 0) {
                throw new IllegalArgumentException("ConvTranspose2d: 'same' padding needs dilation*(kernel-1)+1 >= stride, got kernel "
                        + b.kernel + " stride " + b.stride + " dilation " + b.dilation);
            }
            pad = (total + 1) / 2;
            outPad = 2 * pad - total;
        }
        this.geometry = new ConvTranspose2dGeometry(b.stride, b.stride, pad, pad, outPad, outPad, b.dilation, b.dilation,
                b.groups);
        int fanIn = out / b.groups * kH * kW;
        Init.fanInUniform(addParameter("weight", Tensor.zeros(in, out / b.groups, kH, kW)).data(), gen, fanIn);
        if (b.bias) {
            Init.fanInUniform(addParameter("bias", Tensor.zeros(out)).data(), gen, fanIn);
        }
    }

    /** A builder for a {@code in -> out} transposed convolution with a square {@code kernel}. */
    public static Builder builder(int in, int out, int kernel) {
        return new Builder(in, out, kernel);
    }

    public Variable weight() {
        return param("weight");
    }

    /** The bias, or null when built without one. */
    public Variable bias() {
        return hasParam("bias") ? param("bias") : null;
    }

    public ConvTranspose2dGeometry geometry() {
        return geometry;
    }

    @Override
    public Variable forward(Variable x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("ConvTranspose2d: input must be [N, C, H, W], got " + x.data().shapeString());
        }
        return ConvOps.convTranspose2d(x, weight(), bias(), geometry);
    }

    @Override
    protected String describe() {
        return in + "->" + out + ", kernel=" + kH + "x" + kW + ", stride=" + geometry.strideH() + ", padding="
                + (same ? "same" : Integer.toString(geometry.padH()))
                + (geometry.outputPadH() > 0 ? ", output_padding=" + geometry.outputPadH() : "")
                + (geometry.dilationH() > 1 ? ", dilation=" + geometry.dilationH() : "")
                + (geometry.groups() > 1 ? ", groups=" + geometry.groups() : "") + ", bias=" + hasParam("bias");
    }

    /** Required: channels and kernel; optional: stride, padding (or same), output padding, dilation, groups, bias. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int padding;
        private int outputPadding;
        private int dilation = 1;
        private int groups = 1;
        private boolean bias = true;
        private boolean same;

        private Builder(int in, int out, int kernel) {
            if (kernel < 1) {
                throw new IllegalArgumentException("ConvTranspose2d: kernel must be >= 1, got " + kernel);
            }
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        public Builder stride(int s) {
            this.stride = s;
            return this;
        }

        public Builder padding(int p) {
            this.padding = p;
            this.same = false;
            return this;
        }

        /** Keras' 'same': output size = input size * stride. */
        public Builder same() {
            this.same = true;
            return this;
        }

        public Builder outputPadding(int p) {
            this.outputPadding = p;
            return this;
        }

        public Builder dilation(int d) {
            this.dilation = d;
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

        /** Initialised from the default generator sequence ({@link Generator#nextDefault}: seed 0, deterministic by construction order). */
        public ConvTranspose2d build() {
            return new ConvTranspose2d(this, Generator.nextDefault());
        }

        public ConvTranspose2d build(Generator gen) {
            return new ConvTranspose2d(this, gen);
        }
    }
}
