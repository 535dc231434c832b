package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.Generator;
import gradiente.tensor.HeapStorage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Every register tile ({@link GemmBlocking#KERNEL_ROWS}) and small, odd cache blocks, not only this
 * machine's, against a scalar product accumulated in double: sizes that are not multiples of mr, nr, kc,
 * mc or nc, transposed and stepped operands, overwrite and accumulate. Also the determinism rule: the
 * tile and the mc/nc blocks change no bit of the result, only kc may.
 */
class GemmTileProperties {
    private static final int VL32 = CpuVectors.F32.length();
    private static final int VL64 = CpuVectors.F64.length();

    /** A random blocking of tile height mr with blocks of one to a few slivers. */
    private static GemmBlocking blocking(Generator g, int mr, int nr) {
        return new GemmBlocking(mr, nr, 4 + g.nextInt(40), mr * (1 + g.nextInt(4)), nr * (1 + g.nextInt(3)));
    }

    @Property(tries = 80)
    void float32TilesMatchTheScalarProduct(@ForAll long seed) {
        Generator g = new Generator(seed);
        int mr = GemmBlocking.KERNEL_ROWS[g.nextInt(GemmBlocking.KERNEL_ROWS.length)];
        GemmF32 kern = new GemmF32(blocking(g, mr, 2 * VL32));
        Case c = Case.random(g);
        float[] a = c.values(g, c.aSize());
        float[] b = c.values(g, c.bSize());
        float[] out = new float[c.outSize()];
        float[] before = c.values(g, c.outSize());
        System.arraycopy(before, 0, out, 0, out.length);
        PackedGemm.gemm(kern, c.a(HeapStorage.wrap(a)), c.b(HeapStorage.wrap(b)), HeapStorage.wrap(out), c.cBase, c.ldc,
                c.m, c.n, c.k, c.accumulate);
        c.check(i -> a[i], i -> b[i], i -> before[i], i -> out[i], 6e-8, kern);
    }

    @Property(tries = 40)
    void float64TilesMatchTheScalarProduct(@ForAll long seed) {
        Generator g = new Generator(seed);
        int mr = GemmBlocking.KERNEL_ROWS[g.nextInt(GemmBlocking.KERNEL_ROWS.length)];
        GemmF64 kern = new GemmF64(blocking(g, mr, 2 * VL64));
        Case c = Case.random(g);
        double[] a = c.doubles(g, c.aSize());
        double[] b = c.doubles(g, c.bSize());
        double[] out = new double[c.outSize()];
        double[] before = c.doubles(g, c.outSize());
        System.arraycopy(before, 0, out, 0, out.length);
        PackedGemm.gemm(kern, c.a(HeapStorage.wrap(a)), c.b(HeapStorage.wrap(b)), HeapStorage.wrap(out), c.cBase, c.ldc,
                c.m, c.n, c.k, c.accumulate);
        c.check(i -> a[i], i -> b[i], i -> before[i], i -> out[i], 1.2e-16, kern);
    }

    @Property(tries = 30)
    void tileAndOuterBlocksDoNotChangeAnyBit(@ForAll long seed) {
        Generator g = new Generator(seed);
        Case c = Case.random(g);
        float[] a = c.values(g, c.aSize());
        float[] b = c.values(g, c.bSize());
        int kc = 4 + g.nextInt(40);
        float[] first = null;
        for (int mr : GemmBlocking.KERNEL_ROWS) {
            for (int blocks = 1; blocks <= 3; blocks++) {
                GemmF32 kern = new GemmF32(new GemmBlocking(mr, 2 * VL32, kc, mr * blocks, 2 * VL32 * (4 - blocks)));
                float[] out = new float[c.outSize()];
                PackedGemm.gemm(kern, c.a(HeapStorage.wrap(a)), c.b(HeapStorage.wrap(b)), HeapStorage.wrap(out), c.cBase,
                        c.ldc, c.m, c.n, c.k, false);
                if (first == null) {
                    first = out;
                } else {
                    assertThat(out).as("mr=%d blocks=%d", mr, blocks).containsExactly(first);
                }
            }
        }
    }

    @Test
    void theMachinesKernelIsOneOfTheTestedTiles() {
        assertThat(GemmBlocking.KERNEL_ROWS).contains(GemmF32.MACHINE.mr(), GemmF64.MACHINE.mr());
    }

    /** A random product shape with random operand layouts and an output window inside a larger array. */
    private static final class Case {
        int m, n, k, aRow, aCol, bRow, bCol, cBase, ldc;
        boolean accumulate;

        static Case random(Generator g) {
            Case c = new Case();
            c.m = 1 + g.nextInt(g.nextInt(3) == 0 ? 60 : 15);
            c.n = 1 + g.nextInt(g.nextInt(3) == 0 ? 90 : 40);
            c.k = 1 + g.nextInt(g.nextInt(3) == 0 ? 130 : 20);
            // A [m, k]: row-major, column-major or with a step of 2 along k
            switch (g.nextInt(3)) {
                case 0 -> { c.aRow = c.k; c.aCol = 1; }
                case 1 -> { c.aRow = 1; c.aCol = c.m; }
                default -> { c.aRow = 2 * c.k; c.aCol = 2; }
            }
            switch (g.nextInt(3)) {
                case 0 -> { c.bRow = c.n; c.bCol = 1; }
                case 1 -> { c.bRow = 1; c.bCol = c.k; }
                default -> { c.bRow = 3 * c.n; c.bCol = 3; }
            }
            c.ldc = c.n + g.nextInt(5);
            c.cBase = g.nextInt(7);
            c.accumulate = g.nextInt(2) == 0;
            return c;
        }

        int aSize() {
            return (m - 1) * aRow + (k - 1) * aCol + 1;
        }

        int bSize() {
            return (k - 1) * bRow + (n - 1) * bCol + 1;
        }

        int outSize() {
            return cBase + (m - 1) * ldc + n + 3;
        }

        MatrixOperand a(HeapStorage s) {
            return new MatrixOperand(s, 0, aRow, aCol);
        }

        MatrixOperand b(HeapStorage s) {
            return new MatrixOperand(s, 0, bRow, bCol);
        }

        float[] values(Generator g, int size) {
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) g.nextGaussian();
            }
            return v;
        }

        double[] doubles(Generator g, int size) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                v[i] = g.nextGaussian();
            }
            return v;
        }

        /**
         * Every output element against the double-precision sum, within the bound of recursive summation
         * (k terms: k eps sum |a b|, plus the rounding of C); elements outside the window must be untouched.
         */
        void check(java.util.function.IntToDoubleFunction a, java.util.function.IntToDoubleFunction b,
                java.util.function.IntToDoubleFunction before, java.util.function.IntToDoubleFunction out, double eps,
                GemmKernel kern) {
            boolean[] inside = new boolean[outSize()];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int pos = cBase + i * ldc + j;
                    inside[pos] = true;
                    double sum = accumulate ? before.applyAsDouble(pos) : 0.0;
                    double abs = Math.abs(sum);
                    for (int p = 0; p < k; p++) {
                        double t = a.applyAsDouble(i * aRow + p * aCol) * b.applyAsDouble(p * bRow + j * bCol);
                        sum += t;
                        abs += Math.abs(t);
                    }
                    double tol = (k + 2) * eps * abs + eps;
                    double got = out.applyAsDouble(pos);
                    assertThat(Math.abs(got - sum)).as("C[%d][%d] of %dx%dx%d with %s", i, j, m, n, k,
                            kern.getClass().getSimpleName() + " mr=" + kern.mr() + " kc=" + kern.kc() + " mc=" + kern.mc()
                                    + " nc=" + kern.nc()).isLessThanOrEqualTo(tol);
                }
            }
            for (int pos = 0; pos < inside.length; pos++) {
                if (!inside[pos]) {
                    assertThat(out.applyAsDouble(pos)).as("untouched position %d", pos).isEqualTo(before.applyAsDouble(pos));
                }
            }
        }
    }
}
