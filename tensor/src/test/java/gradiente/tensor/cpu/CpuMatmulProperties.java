package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The packed GEMM of {@link CpuBackend} against the scalar {@link ReferenceBackend} on random shapes
 * (edge tiles, several depth blocks, batches with broadcast batch dimensions) and random layouts. The
 * tolerance grows with the inner dimension k (the bound of recursive summation, k^2 eps max|a| max|b|).
 */
class CpuMatmulProperties {
    private static final CpuBackend FAST = new CpuBackend();
    private static final ReferenceBackend REF = new ReferenceBackend();

    @Property(tries = 60)
    void matchesReferenceOnRandomLayouts(@ForAll long seed) {
        Generator g = new Generator(seed);
        DType dtype = g.nextInt(3) == 0 ? DType.FLOAT64 : DType.FLOAT32;
        int m = 1 + g.nextInt(g.nextInt(4) == 0 ? 140 : 20);
        int n = 1 + g.nextInt(g.nextInt(4) == 0 ? 70 : 20);
        int k = 1 + g.nextInt(g.nextInt(4) == 0 ? 300 : 20);
        int batchRank = g.nextInt(3);
        int[] batch = RandomLayouts.shape(g, batchRank, 3);
        Tensor a = RandomLayouts.tensor(g, dtype, concat(batch, m, k));
        Tensor b = RandomLayouts.tensor(g, g.nextInt(5) == 0 ? DType.FLOAT64 : dtype, concat(batch, k, n));
        check(a, b, dtype);
    }

    @Test
    void splitPacksTheLeastAndCutsTheLongSideOfDenseProducts() {
        assertThat(PackedGemm.split(1024, 1024, 4, 4, 16)).containsExactly(2, 2);
        assertThat(PackedGemm.split(256, 100, 4, 4, 16)).containsExactly(4, 1);
        assertThat(PackedGemm.split(256, 6272, 4, 4, 16)).containsExactly(1, 4);
        assertThat(PackedGemm.split(6, 20, 4, 4, 16)).containsExactly(1, 1);
        assertThat(PackedGemm.split(3, 1700, 4, 4, 16)).containsExactly(1, 4);
    }

    @Test
    void wideOutputSpansSeveralColumnBlocks() {
        Generator g = new Generator(7);
        check(Tensor.randn(g, DType.FLOAT32, 3, 9), Tensor.randn(g, DType.FLOAT32, 9, 1700), DType.FLOAT32);
        check(Tensor.randn(g, DType.FLOAT64, 3, 9), Tensor.randn(g, DType.FLOAT64, 9, 900), DType.FLOAT64);
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor out = Tensor.full(5.0, DType.FLOAT32, gradiente.tensor.Device.CPU, 2, 3);
        FAST.matmul(Tensor.zeros(DType.FLOAT32, 2, 0), Tensor.zeros(DType.FLOAT32, 0, 3), out);
        assertThat(out.toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void outputSharingInputStorageIsComputedSafely() {
        Generator g = new Generator(3);
        Tensor a = Tensor.randn(g, DType.FLOAT32, 5, 5);
        Tensor expected = Tensor.zeros(DType.FLOAT32, 5, 5);
        REF.matmul(a, a, expected);
        FAST.matmul(a, a, a);
        assertClose(a, expected, 1e-5);
    }

    private static void check(Tensor a, Tensor b, DType dtype) {
        int[] shape = a.shape();
        shape[shape.length - 1] = b.size(b.rank() - 1);
        Tensor fast = Tensor.zeros(dtype, shape);
        Tensor ref = Tensor.zeros(dtype, shape);
        FAST.matmul(a, b, fast);
        REF.matmul(a, b, ref);
        double eps = dtype == DType.FLOAT32 ? 6e-8 : 1.2e-16;
        double k = a.size(a.rank() - 1);
        // Recursive summation of k terms: |error| <= k * eps * sum_p |a_ip b_pj| <= k^2 eps max|a| max|b|.
        // Plus the final rounding of each result to the output dtype (the reference accumulates in double).
        double tol = k * k * eps * RandomLayouts.maxAbs(a) * RandomLayouts.maxAbs(b) + 4 * eps * RandomLayouts.maxAbs(ref) + eps;
        assertClose(fast, ref, tol);
    }

    static void assertClose(Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        double[] x = actual.toDoubleArray();
        double[] y = expected.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i] - y[i]) <= tol) && !(Double.isNaN(x[i]) && Double.isNaN(y[i])) && x[i] != y[i]) {
                throw new AssertionError("element " + i + " of " + actual.shapeString() + ": " + x[i] + " vs reference "
                        + y[i] + " (tolerance " + tol + ")");
            }
        }
    }

    static int[] concat(int[] head, int... tail) {
        int[] r = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }
}
