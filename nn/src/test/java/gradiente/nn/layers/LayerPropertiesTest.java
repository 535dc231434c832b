package gradiente.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties over random shapes and non-contiguous layouts. */
class LayerPropertiesTest {
    @Property(tries = 25)
    void batchNormOutputHasZeroMeanAndUnitVariancePerChannel(@ForAll @IntRange(min = 2, max = 6) int n,
                                                             @ForAll @IntRange(min = 1, max = 4) int c,
                                                             @ForAll @IntRange(min = 1, max = 3) int h,
                                                             @ForAll @IntRange(min = 1, max = 3) int w,
                                                             @ForAll long seed) {
        Tensor x = Tensor.randn(new Generator(seed), DType.FLOAT64, n, c, h, w).mul(3).add(5);
        BatchNorm2d bn = new BatchNorm2d(c, 0, 0.1, true);
        bn.to(DType.FLOAT64);
        Tensor y = bn.forward(new Variable(x)).data();
        int[] dims = {0, 2, 3};
        assertThat(y.mean(dims, false).abs().max().item()).isLessThan(1e-9);
        assertThat(y.variance(dims, false, 0).sub(1).abs().max().item()).isLessThan(1e-9);
    }

    @Property(tries = 25)
    void linearGivesTheSameResultOnATransposedView(@ForAll @IntRange(min = 1, max = 7) int batch,
                                                   @ForAll @IntRange(min = 1, max = 9) int in,
                                                   @ForAll @IntRange(min = 1, max = 5) int out,
                                                   @ForAll long seed) {
        Generator g = new Generator(seed);
        Linear layer = new Linear(in, out, g);
        Tensor stored = Tensor.randn(g, in, batch);
        Tensor view = stored.t();
        Tensor a = layer.forward(new Variable(view)).data();
        Tensor b = layer.forward(new Variable(view.contiguous())).data();
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        // y = x W^T + b checked element by element.
        for (int i = 0; i < batch; i++) {
            for (int o = 0; o < out; o++) {
                double s = layer.bias().data().get(o);
                for (int k = 0; k < in; k++) {
                    s += view.get(i, k) * layer.weight().data().get(o, k);
                }
                assertThat(a.get(i, o)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
