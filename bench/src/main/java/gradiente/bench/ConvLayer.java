package gradiente.bench;

import gradiente.tensor.Backend;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.List;

/**
 * A convolution layer of the thesis models as a benchmark case (float32, no bias). Every layer is
 * described by the cross-correlation underneath it: input {@code [N, c, h, h]}, weight
 * {@code [o, c, k, k]}, output {@code [N, o, ho, ho]}. A plain layer runs that convolution forward; a
 * transposed layer ({@code ConvTranspose2d} from o to c channels) runs its input gradient forward, so
 * its input is the small {@code [N, o, ho, ho]} side and its output the large {@code [N, c, h, h]} one.
 * Both passes cost the same multiply-adds: {@code N * o * ho^2 * c * k^2} each for the forward pass,
 * the input gradient and the weight gradient.
 *
 * @param name     the layer's name in the reports ({@code g.convT2}, ...)
 * @param transposed true for a transposed convolution
 * @param c        input channels of the underlying convolution (output channels of a transposed one)
 * @param o        output channels of the underlying convolution (input channels of a transposed one)
 * @param k        square kernel size
 * @param h        input size of the underlying convolution (output size of a transposed one)
 * @param geometry stride, padding and so on of the underlying convolution
 */
public record ConvLayer(String name, boolean transposed, int c, int o, int k, int h, Conv2dGeometry geometry) {

    /**
     * The DCGAN generator (two transposed 128->128 k4 s2 p1 convolutions, 7->14->28, then 128->1 k7 "same"),
     * the DCGAN discriminator (1->64 and 64->64 k3 s2 "same", 28->14->7) and the CNN classifier
     * (1->64 and 64->64 k3 "valid", 28->26 and 13->11).
     */
    public static final List<ConvLayer> THESIS = List.of(
            new ConvLayer("g.convT1", true, 128, 128, 4, 14, Conv2dGeometry.of(2, 1)),
            new ConvLayer("g.convT2", true, 128, 128, 4, 28, Conv2dGeometry.of(2, 1)),
            new ConvLayer("g.conv", false, 128, 1, 7, 28, Conv2dGeometry.same(7, 7)),
            new ConvLayer("d.conv1", false, 1, 64, 3, 28, Conv2dGeometry.same(28, 28, 3, 3, 2, 2, 1, 1)),
            new ConvLayer("d.conv2", false, 64, 64, 3, 14, Conv2dGeometry.same(14, 14, 3, 3, 2, 2, 1, 1)),
            new ConvLayer("c.conv1", false, 1, 64, 3, 28, Conv2dGeometry.of(1, 0)),
            new ConvLayer("c.conv2", false, 64, 64, 3, 13, Conv2dGeometry.of(1, 0)));

    /** The layer called {@code name}; fails naming the known layers. */
    public static ConvLayer named(String name) {
        return THESIS.stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("bench conv: unknown layer '" + name + "' (known: "
                        + THESIS.stream().map(ConvLayer::name).toList() + ")"));
    }

    /** Output size of the underlying convolution. */
    public int ho() {
        return geometry.outHeight(h, k);
    }

    /** Multiply-adds of one pass (forward, input gradient or weight gradient) at a batch size. */
    public long macs(int batch) {
        return (long) batch * o * ho() * ho() * c * k * k;
    }

    /** Floating-point operations (2 per multiply-add) of the forward pass, or of forward + both gradients. */
    public double flops(int batch, boolean backward) {
        return 2.0 * macs(batch) * (backward ? 3 : 1);
    }

    /** Random operands of this layer at a batch size, computed on {@code backend}. */
    public Operands operands(Backend backend, int batch, long seed) {
        Generator g = new Generator(seed);
        Tensor big = Tensor.randn(g, DType.FLOAT32, batch, c, h, h);
        Tensor small = Tensor.randn(g, DType.FLOAT32, batch, o, ho(), ho());
        Tensor w = Tensor.randn(g, DType.FLOAT32, o, c, k, k);
        return new Operands(this, backend, big, small, w);
    }

    /**
     * The tensors of one layer: the large side {@code [N, c, h, h]} and the small side {@code [N, o, ho, ho]}
     * of the underlying convolution (input and output gradient, or the other way round for a transposed
     * layer) and the weight. Each pass allocates its results, as a framework layer does.
     */
    public record Operands(ConvLayer layer, Backend backend, Tensor big, Tensor small, Tensor weight) {
        private Tensor zerosLike(Tensor t) {
            return Tensor.zeros(DType.FLOAT32, t.shape());
        }

        /** The layer's forward pass; returns its output. */
        public Tensor forward() {
            Conv2dGeometry g = layer.geometry;
            if (layer.transposed) {
                Tensor out = zerosLike(big);
                backend.conv2dBackwardInput(small, weight, g, out);
                return out;
            }
            Tensor out = zerosLike(small);
            backend.conv2d(big, weight, g, out);
            return out;
        }

        /** The input gradient alone (for a transposed layer, the convolution its backward pass runs). */
        public Tensor inputGradient() {
            Conv2dGeometry g = layer.geometry;
            if (layer.transposed) {
                Tensor gradIn = zerosLike(small);
                backend.conv2d(big, weight, g, gradIn);
                return gradIn;
            }
            Tensor gradIn = zerosLike(big);
            backend.conv2dBackwardInput(small, weight, g, gradIn);
            return gradIn;
        }

        /** The weight gradient alone. */
        public Tensor weightGradient() {
            Tensor gradW = zerosLike(weight);
            backend.conv2dBackwardWeight(big, small, layer.geometry, gradW);
            return gradW;
        }

        /**
         * The forward pass, then the gradients with respect to the input and the weight for an output
         * gradient equal to the layer's own input-shaped operand of the other side; returns the weight gradient.
         */
        public Tensor forwardBackward() {
            forward();
            inputGradient();
            return weightGradient();
        }
    }
}
