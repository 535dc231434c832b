package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.Backends;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Normalization;
import gradiente.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The fused float32 batch-norm kernels of {@link CpuBackend} against the composition of tensor ops
 * every other backend runs, computed in float64 on the same inputs: random ranks 2-4, affine or not,
 * inputs with a large common offset (where a one-pass variance or an uncentred output would lose
 * digits), and a strided view.
 */
class CpuBatchNormTest {

    private static Normalization.Forward composite(Tensor x, Tensor w, Tensor b, double eps) {
        Tensor x64 = x.to(DType.FLOAT64);
        Tensor out = Tensor.zeros(DType.FLOAT64, x.device(), x.shape());
        Tensor mean = Tensor.zeros(DType.FLOAT64, x.device(), x.size(1));
        Tensor var = Tensor.zeros(DType.FLOAT64, x.device(), x.size(1));
        Normalization.compositeForward(x64, w == null ? null : w.to(DType.FLOAT64), b == null ? null : b.to(DType.FLOAT64),
                eps, out, mean, var);
        return new Normalization.Forward(out, mean, var);
    }

    private static void close(String what, Tensor fast, Tensor ref, double tol) {
        double scale = Math.max(1, ref.abs().max().item());
        double err = fast.to(DType.FLOAT64).sub(ref).abs().max().item();
        assertThat(err).as(what + " max |fast - ref| against scale " + scale).isLessThanOrEqualTo(tol * scale);
    }

    @Property(tries = 100)
    void matchesTheCompositionInFloat64(@ForAll @IntRange(min = 2, max = 4) int rank,
                                        @ForAll @IntRange(min = 1, max = 9) int channels,
                                        @ForAll boolean affine, @ForAll boolean offset, @ForAll long seed) {
        Generator g = new Generator(seed);
        int[] shape = new int[rank];
        shape[0] = 2 + g.nextInt(5);
        shape[1] = channels;
        for (int d = 2; d < rank; d++) {
            shape[d] = 1 + g.nextInt(6);
        }
        Tensor x = Tensor.randn(g, DType.FLOAT32, shape).mul(1 + g.nextInt(3)).add(offset ? 100 : 0);
        Tensor w = affine ? Tensor.randn(g, DType.FLOAT32, channels) : null;
        Tensor b = affine ? Tensor.randn(g, DType.FLOAT32, channels) : null;
        Tensor dy = Tensor.randn(g, DType.FLOAT32, shape);
        double eps = 1e-5;
        Backends.withCpuBackend(new CpuBackend(), () -> {
            Normalization.Forward fast = Normalization.batchNorm(x, w, b, eps);
            Normalization.Forward ref = composite(x, w, b, eps);
            close("out", fast.out(), ref.out(), 2e-5);
            close("mean", fast.mean(), ref.mean(), 1e-6);
            close("var", fast.var(), ref.var(), 1e-5);
            Normalization.Backward gf = Normalization.batchNormBackward(x, dy, fast.mean(), fast.var(), w, eps);
            Tensor gi = Tensor.zeros(DType.FLOAT64, x.device(), shape);
            Tensor gw = Tensor.zeros(DType.FLOAT64, x.device(), channels);
            Tensor gb = Tensor.zeros(DType.FLOAT64, x.device(), channels);
            Normalization.compositeBackward(x.to(DType.FLOAT64), dy.to(DType.FLOAT64), ref.mean(), ref.var(),
                    w == null ? null : w.to(DType.FLOAT64), eps, gi, gw, gb);
            close("gradIn", gf.gradIn(), gi, 5e-4);
            if (affine) {
                close("gradWeight", gf.gradWeight(), gw, 1e-4);
                close("gradBias", gf.gradBias(), gb, 1e-5);
            } else {
                assertThat(gf.gradWeight()).isNull();
            }
            return null;
        });
    }

    @Test
    void stridedInputsAndBadShapes() {
        Generator g = new Generator(3);
        Tensor base = Tensor.randn(g, DType.FLOAT32, 5, 4, 6);
        Tensor view = base.transpose(1, 2); // [5, 6, 4], not contiguous
        Normalization.Forward fast = Backends.withCpuBackend(new CpuBackend(), () -> Normalization.batchNorm(view, null, null, 0));
        Normalization.Forward ref = composite(view, null, null, 0);
        close("strided out", fast.out(), ref.out(), 2e-5);
        assertThatThrownBy(() -> Normalization.batchNorm(Tensor.zeros(4), null, null, 1e-5))
                .hasMessageContaining("batchNorm").hasMessageContaining("[4]");
        assertThatThrownBy(() -> Normalization.batchNorm(Tensor.zeros(2, 3), Tensor.ones(4), null, 1e-5))
                .hasMessageContaining("[3]").hasMessageContaining("[2, 3]");
    }
}
