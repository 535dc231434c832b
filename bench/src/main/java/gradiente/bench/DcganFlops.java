package gradiente.bench;

import gradiente.generative.gan.DcganNets;
import java.util.List;

/**
 * The floating-point work of one thesis Algorithm 1 update of the thesis 4.2 DCGAN ({@link DcganNets}),
 * counted from the layer shapes: the multiply-adds of every dense layer, convolution and transposed
 * convolution, forward and backward, at 2 FLOPs each. Bias additions, activations, dropout, batch norm
 * and the optimiser are elementwise and not counted (together under 0.1% of the total).
 *
 * <p>Per image, a layer's forward pass costs {@link Layer#macs} multiply-adds; the gradient with
 * respect to its weight costs the same, and so does the gradient with respect to its input. An update
 * with {@code B} images per discriminator step ({@code B/2} real, {@code B/2} generated) needs:
 * <pre>
 *   D step:  G forward on B/2 (no graph), D forward on B, D weight gradients on B,
 *            D input gradients on B except the first layer's (its input is data)
 *   G step:  G forward on B, D forward on B, D input gradients on B (all layers: the first one's input is G(z)),
 *            G weight gradients on B, G input gradients on B except the first layer's (its input is z)
 * </pre>
 * That is {@link #update}: about 129.6 GFLOP at B = 256 for the thesis architecture (batch norm adds no
 * counted work), the work the engine does ({@link gradiente.autograd.Autograd#grad} skips D's weight
 * gradients in the G step). Counting three passes for every backward layer, as the issue did, gives
 * about 131 GFLOP.
 */
public final class DcganFlops {
    private DcganFlops() {
    }

    /**
     * A layer with its multiply-adds per image.
     *
     * @param name  the layer's name ({@code g.dense}, {@code g.convT1}, ...; convolutions as in {@link ConvLayer#THESIS})
     * @param macs  multiply-adds of its forward pass for one image
     */
    public record Layer(String name, long macs) {
    }

    /** The generator's layers: Dense 100 -> 6272, two transposed convolutions 128 -> 128, Conv 128 -> 1 k7. */
    public static List<Layer> generator() {
        long dense = (long) DcganNets.LATENT * DcganNets.GENERATOR_FILTERS * 7 * 7;
        return List.of(new Layer("g.dense", dense), conv("g.convT1"), conv("g.convT2"), conv("g.conv"));
    }

    /** The discriminator's layers: two Conv 64 k3 s2, Dense 3136 -> 1. */
    public static List<Layer> discriminator() {
        long dense = (long) DcganNets.DISCRIMINATOR_FILTERS * 7 * 7;
        return List.of(conv("d.conv1"), conv("d.conv2"), new Layer("d.dense", dense));
    }

    private static Layer conv(String name) {
        return new Layer(name, ConvLayer.named(name).macs(1));
    }

    /** Multiply-adds of one forward pass of a network per image. */
    public static long forwardMacs(List<Layer> net) {
        return net.stream().mapToLong(Layer::macs).sum();
    }

    /** Multiply-adds of one Algorithm 1 update with {@code batch} images per discriminator step (see the class comment). */
    public static long updateMacs(int batch) {
        if (batch < 2 || batch % 2 != 0) {
            throw new IllegalArgumentException("DcganFlops: the batch must be even (half real, half generated), got " + batch);
        }
        long g = forwardMacs(generator());
        long gFirst = generator().get(0).macs();
        long d = forwardMacs(discriminator());
        long dFirst = discriminator().get(0).macs();
        long half = batch / 2;
        long dStep = g * half + d * batch + d * batch + (d - dFirst) * batch;
        long gStep = g * batch + d * batch + d * batch + g * batch + (g - gFirst) * batch;
        return dStep + gStep;
    }

    /** Floating-point operations (2 per multiply-add) of one update. */
    public static double update(int batch) {
        return 2.0 * updateMacs(batch);
    }
}
