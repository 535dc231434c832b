package gradiente.generative.classify;

import gradiente.autograd.Variable;
import gradiente.nn.Module;
import gradiente.nn.init.Init;
import gradiente.tensor.Generator;
import java.util.Map;

/**
 * The initialisation Keras applies by default, which is what the thesis' models (written with Keras:
 * {@code Dense}, {@code Conv2D}, "same" padding) started from: every weight of rank 2 or more
 * Glorot/Xavier uniform ({@code U(-a, a)}, {@code a = sqrt(6 / (fan_in + fan_out))}, fans as
 * {@link Init#fans} computes them for dense and convolution kernels), every bias zero.
 * PyTorch's default (uniform in {@code ±1/sqrt(fan_in)} for weight and bias) is what the layers do
 * when this is not applied.
 */
public final class KerasInit {
    private KerasInit() {
    }

    /**
     * Re-initialises {@code module}'s parameters in name order (so the same generator state gives the
     * same weights): tensors named {@code ...bias} to zero, other tensors of rank &ge; 2 Glorot uniform,
     * anything else (for instance batch-norm scales) left as the layer set it.
     */
    public static <M extends Module> M apply(M module, Generator gen) {
        for (Map.Entry<String, Variable> e : module.namedParameters().entrySet()) {
            var t = e.getValue().data();
            if (e.getKey().endsWith("bias")) {
                Init.zeros(t);
            } else if (t.rank() >= 2) {
                Init.xavierUniform(t, gen, 1.0);
            }
        }
        return module;
    }
}
