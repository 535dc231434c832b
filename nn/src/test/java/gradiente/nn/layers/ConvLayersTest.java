package gradiente.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.Variable;
import gradiente.nn.LayerGradCheck;
import gradiente.nn.Sequential;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Convolution, pooling and upsampling layers: shapes of the thesis models, parameter counts, gradients. */
class ConvLayersTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    private static int[] outShape(gradiente.nn.Layer l, int... in) {
        return l.forward(new Variable(Tensor.zeros(in))).shape();
    }

    @Test
    void samePaddingFollowsKerasForStrideOneAndTwo() {
        Generator g = new Generator(1);
        assertThat(outShape(Conv2d.builder(1, 64, 3).stride(2).padding(Padding.same()).build(g), 2, 1, 28, 28))
                .containsExactly(2, 64, 14, 14);
        assertThat(outShape(Conv2d.builder(64, 64, 3).stride(2).padding(Padding.same()).build(g), 2, 64, 14, 14))
                .containsExactly(2, 64, 7, 7);
        assertThat(outShape(Conv2d.builder(128, 1, 7).padding(Padding.same()).build(g), 1, 128, 28, 28))
                .containsExactly(1, 1, 28, 28);
        // Keras puts the odd pixel of "same" padding at the bottom/right.
        var geo = Conv2d.builder(1, 1, 3).stride(2).padding(Padding.same()).build(g).geometry(28, 28);
        assertThat(geo.padTop()).isZero();
        assertThat(geo.padBottom()).isEqualTo(1);
    }

    @Test
    void transposedSameDoublesTheThesisGeneratorMaps() {
        Generator g = new Generator(2);
        ConvTranspose2d t = ConvTranspose2d.builder(128, 128, 4).stride(2).same().build(g);
        assertThat(t.geometry().padH()).isEqualTo(1);
        assertThat(t.geometry().outputPadH()).isZero();
        assertThat(outShape(t, 1, 128, 7, 7)).containsExactly(1, 128, 14, 14);
        assertThat(outShape(t, 1, 128, 14, 14)).containsExactly(1, 128, 28, 28);
        ConvTranspose2d odd = ConvTranspose2d.builder(2, 3, 3).stride(2).same().build(g);
        assertThat(outShape(odd, 1, 2, 5, 5)).containsExactly(1, 3, 10, 10);
        assertThat(t.weight().shape()).containsExactly(128, 128, 4, 4);
    }

    @Test
    void thesisCnnClassifierHasItsParameterCount() {
        Generator g = new Generator(3);
        Sequential cnn = new Sequential(
                new Conv2d(1, 64, 3, g), gradiente.nn.layers.Pool2d.max(2),
                new Conv2d(64, 64, 3, g), gradiente.nn.layers.Pool2d.max(2),
                new Flatten(), new Linear(64 * 5 * 5, 64, g), new Linear(64, 10, g));
        // 640 + 36,928 + 102,464 + 650 for the layers thesis 4.1 lists (valid padding, 28-26-13-11-5). The thesis
        // text says 280,010, which no combination of its listed layers (valid/same padding) gives.
        assertThat(cnn.numParameters()).isEqualTo(140_682);
        assertThat(cnn.forward(new Variable(Tensor.zeros(2, 1, 28, 28))).shape()).containsExactly(2, 10);
    }

    @Test
    void gradientsOfConvolutionLayers() {
        LayerGradCheck.check("conv2d stride 2 same", () -> Conv2d.builder(2, 3, 3).stride(2).padding(Padding.same())
                .build(new Generator(4)), randn(5, 2, 2, 6, 5));
        LayerGradCheck.check("conv2d true convolution, dilation, groups", () -> Conv2d.builder(4, 2, 2).dilation(2).groups(2)
                .mode(Conv2d.Mode.CONVOLUTION).padding(1).build(new Generator(6)), randn(7, 1, 4, 5, 5));
        LayerGradCheck.check("convTranspose2d stride 2 same", () -> ConvTranspose2d.builder(3, 2, 4).stride(2).same()
                .build(new Generator(8)), randn(9, 2, 3, 3, 3));
        LayerGradCheck.check("convTranspose2d no bias, output padding", () -> ConvTranspose2d.builder(2, 2, 3).stride(2)
                .padding(1).outputPadding(1).bias(false).build(new Generator(10)), randn(11, 1, 2, 3, 4));
    }

    @Test
    void gradientsOfPoolingAndUpsampling() {
        // Random values: the max/min of each window is unique, with gaps far above the finite-difference step.
        Tensor x = randn(12, 2, 2, 5, 5);
        LayerGradCheck.check("max pool", () -> Pool2d.max(2), x);
        LayerGradCheck.check("min pool padded", () -> new Pool2d(Pool2d.Kind.MIN, new Pool2dGeometry(3, 3, 2, 2, 1, 1)), x);
        LayerGradCheck.check("avg pool", () -> Pool2d.avg(3, 2), x);
        LayerGradCheck.check("avg pool excluding padding",
                () -> new Pool2d(Pool2d.Kind.AVG_EXCLUDE_PAD, new Pool2dGeometry(3, 3, 1, 1, 1, 1)), x);
        LayerGradCheck.check("global avg pool", GlobalAvgPool2d::new, x);
        LayerGradCheck.check("upsample", () -> new Upsample(2, 3), x);
    }

    @Test
    void badInputNamesTheLayer() {
        Conv2d c = new Conv2d(3, 4, 3, new Generator(1));
        assertThatThrownBy(() -> c.forward(new Variable(Tensor.zeros(3, 28, 28)))).hasMessageContaining("Conv2d")
                .hasMessageContaining("[3, 28, 28]");
        assertThatThrownBy(() -> Conv2d.builder(3, 4, 3).groups(2).build(new Generator(1)))
                .hasMessageContaining("divisible by groups=2");
        assertThatThrownBy(() -> new Upsample(0)).hasMessageContaining("Upsample");
    }
}
