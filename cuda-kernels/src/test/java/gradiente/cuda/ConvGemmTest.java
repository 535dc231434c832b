package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import gradiente.tensor.cpu.ReferenceBackend;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The im2col + GEMM decomposition used when cuDNN is unavailable, checked on the CPU: ConvGemm over
 * the reference backend, with a Java im2col that follows conv.cuh index for index, must agree with the
 * reference's direct loops for every geometry (groups, stride, dilation, asymmetric padding, strided
 * input). The CUDA kernels themselves are checked by CudaConformanceTest on a GPU.
 */
class ConvGemmTest {
    /** conv.cuh's gr_im2col / gr_col2im on heap tensors. */
    static final class JavaIm2col implements Im2col {
        @Override
        public void im2col(Tensor x, Conv2dGeometry g, int kh, int kw, int ho, int wo, Tensor cols) {
            int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            HeapStorage out = (HeapStorage) cols.storage();
            long spatial = (long) n * ho * wo;
            for (long e = 0; e < cols.numel(); e++) {
                long col = e % spatial, row = e / spatial;
                int j = (int) (col % wo), i = (int) ((col / wo) % ho), b = (int) (col / ((long) wo * ho));
                int v = (int) (row % kw), u = (int) ((row / kw) % kh), ch = (int) (row / ((long) kw * kh));
                int y = i * g.strideH() + u * g.dilationH() - g.padTop();
                int xx = j * g.strideW() + v * g.dilationW() - g.padLeft();
                double val = y >= 0 && y < h && xx >= 0 && xx < w ? x.get(b, ch, y, xx) : 0;
                out.set(cols.layout().offset() + (int) e, val);
            }
            assertThat(c * kh * kw).isEqualTo(cols.size(0));
        }

        @Override
        public void col2im(Tensor cols, Conv2dGeometry g, int kh, int kw, int ho, int wo, Tensor gradIn) {
            int n = gradIn.size(0), c = gradIn.size(1), h = gradIn.size(2), w = gradIn.size(3);
            long spatial = (long) n * ho * wo;
            HeapStorage cs = (HeapStorage) cols.storage();
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int xx = 0; xx < w; xx++) {
                            double acc = 0;
                            for (int u = 0; u < kh; u++) {
                                int ty = y + g.padTop() - u * g.dilationH();
                                if (ty < 0 || ty % g.strideH() != 0 || ty / g.strideH() >= ho) {
                                    continue;
                                }
                                for (int v = 0; v < kw; v++) {
                                    int tx = xx + g.padLeft() - v * g.dilationW();
                                    if (tx < 0 || tx % g.strideW() != 0 || tx / g.strideW() >= wo) {
                                        continue;
                                    }
                                    long row = ((long) ch * kh + u) * kw + v;
                                    acc += cs.get((int) (row * spatial + ((long) b * ho + ty / g.strideH()) * wo + tx / g.strideW()));
                                }
                            }
                            gradIn.set(acc, b, ch, y, xx);
                        }
                    }
                }
            }
        }
    }

    private static Tensor random(Random r, int... shape) {
        double[] d = new double[Layout.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return new Tensor(HeapStorage.wrap(d), Layout.contiguous(shape));
    }

    private static Tensor zeros(int... shape) {
        return new Tensor(HeapStorage.allocate(DType.FLOAT64, Layout.numel(shape)), Layout.contiguous(shape));
    }

    private static void check(long seed, int n, int groups, int cg, int og, int h, int w, int kh, int kw, Conv2dGeometry g,
                              boolean stridedInput) {
        Random r = new Random(seed);
        ReferenceBackend ref = new ReferenceBackend();
        ConvGemm gemm = new ConvGemm(ref, new JavaIm2col());
        int c = cg * groups, o = og * groups;
        Tensor x = stridedInput ? new Tensor(random(r, n, h, w, c).storage(), Layout.contiguous(n, h, w, c).permute(0, 3, 1, 2))
                : random(r, n, c, h, w);
        Tensor wt = random(r, o, cg, kh, kw);
        int ho = g.outHeight(h, kh), wo = g.outWidth(w, kw);
        if (ho <= 0 || wo <= 0) {
            return;
        }
        Tensor expected = zeros(n, o, ho, wo);
        Tensor actual = zeros(n, o, ho, wo);
        ref.conv2d(x, wt, g, expected);
        gemm.forward(x, wt, g, actual);
        assertThat(actual.toDoubleArray()).containsExactly(expected.toDoubleArray(), org.assertj.core.data.Offset.offset(1e-9));

        Tensor gy = random(r, n, o, ho, wo);
        Tensor gxExpected = zeros(n, c, h, w);
        Tensor gxActual = zeros(n, c, h, w);
        ref.conv2dBackwardInput(gy, wt, g, gxExpected);
        gemm.backwardInput(gy, wt, g, gxActual);
        assertThat(gxActual.toDoubleArray()).containsExactly(gxExpected.toDoubleArray(), org.assertj.core.data.Offset.offset(1e-9));

        Tensor gwExpected = zeros(o, cg, kh, kw);
        Tensor gwActual = zeros(o, cg, kh, kw);
        ref.conv2dBackwardWeight(x, gy, g, gwExpected);
        gemm.backwardWeight(x, gy, g, gwActual);
        assertThat(gwActual.toDoubleArray()).containsExactly(gwExpected.toDoubleArray(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void dcganStyleStridedConvolution() {
        check(1, 2, 1, 3, 4, 8, 8, 4, 4, Conv2dGeometry.of(2, 1), false);
    }

    @Test
    void groupsDilationAsymmetricPaddingAndPermutedInput() {
        check(2, 2, 2, 2, 3, 7, 6, 3, 2, new Conv2dGeometry(2, 1, 1, 0, 2, 1, 2, 1, 2), true);
    }

    @Property(tries = 25)
    void randomGeometries(@ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 3) int groups,
                          @ForAll @IntRange(min = 1, max = 3) int cg, @ForAll @IntRange(min = 1, max = 3) int og,
                          @ForAll @IntRange(min = 3, max = 7) int h, @ForAll @IntRange(min = 1, max = 3) int k,
                          @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                          @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll boolean strided) {
        int padEnd = Math.max(0, pad - 1);
        check(n * 1000L + h, n, groups, cg, og, h, h + 1, k, k, new Conv2dGeometry(stride, stride, pad, padEnd, padEnd, pad,
                dilation, dilation, groups), strided);
    }
}
