package gradiente.nn.layers;

import gradiente.autograd.ConvOps;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/**
 * Nearest-neighbour upsampling by integer factors (thesis 2.6: each pixel becomes a
 * {@code scaleH x scaleW} block, e.g. 2x2 -> 4x4): {@code [N, C, H, W] -> [N, C, H sH, W sW]}. The
 * gradient of each input pixel is the sum over its block. An alternative to transposed convolution in
 * the DCGAN generator ("upsampling + convolution").
 */
public final class Upsample extends Layer {
    private final int scaleH;
    private final int scaleW;

    public Upsample(int scale) {
        this(scale, scale);
    }

    public Upsample(int scaleH, int scaleW) {
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException("Upsample: factors must be >= 1, got " + scaleH + "x" + scaleW);
        }
        this.scaleH = scaleH;
        this.scaleW = scaleW;
    }

    @Override
    public Variable forward(Variable x) {
        return ConvOps.upsampleNearest2d(x, scaleH, scaleW);
    }

    @Override
    protected String describe() {
        return "scale=" + scaleH + "x" + scaleW + ", mode=nearest";
    }
}
