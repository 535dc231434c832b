package gradiente.nn.layers;

import gradiente.autograd.ConvOps;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;

/** Global average pooling: {@code [N, C, H, W] -> [N, C, 1, 1]}, the mean of each channel's map. */
public final class GlobalAvgPool2d extends Layer {
    @Override
    public Variable forward(Variable x) {
        return ConvOps.globalAvgPool2d(x);
    }
}
