package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 GEMM kernel: an {@code mr x (2 vectors)} register tile (4 x 8 on AVX2, 6 x 16 on AVX-512,
 * see {@link GemmBlocking}) computed with fused multiply-adds, {@code C_tile += sum_p a[:, p] (outer)
 * b[p, :]}, over packed A slivers and B slivers. Accumulation is in float64. This is the line-for-line
 * float64 twin of {@link GemmF32}: Java has no generics over primitive arrays and vectors.
 */
final class GemmF64 extends GemmKernel {
    private static final VectorSpecies<Double> S = CpuVectors.F64;
    private static final int VL = S.length();
    /** This machine's blocking for float64. */
    static final GemmBlocking MACHINE = GemmBlocking.machine(VL, Double.BYTES);

    private static final ThreadLocal<GemmF64> LOCAL = ThreadLocal.withInitial(() -> new GemmF64(MACHINE));

    private final int mr;
    private final int nr;
    private final int kc;
    private final int mc;
    private final int nc;
    private final double[] packA;
    private final double[] packB;
    private final double[] edge;

    /** A kernel with the given blocking (its nr must be two vectors of this machine). */
    GemmF64(GemmBlocking blocking) {
        if (blocking.nr() != 2 * VL || (blocking.mr() != 4 && blocking.mr() != 6)) {
            throw new IllegalArgumentException("GemmF64: no micro-kernel for " + blocking + " with " + VL + " lanes");
        }
        mr = blocking.mr();
        nr = blocking.nr();
        kc = blocking.kc();
        mc = blocking.mc();
        nc = blocking.nc();
        packA = new double[mc * kc];
        packB = new double[kc * nc];
        edge = new double[mr * nr];
    }

    /** This thread's instance (pack buffers allocated once per thread). */
    static GemmF64 local() {
        return LOCAL.get();
    }

    @Override
    int mr() {
        return mr;
    }

    @Override
    int nr() {
        return nr;
    }

    @Override
    int kc() {
        return kc;
    }

    @Override
    int mc() {
        return mc;
    }

    @Override
    int nc() {
        return nc;
    }

    @Override
    void packA(MatrixOperand a, int i0, int rows, int p0, int depth) {
        int cs = a.colStride();
        boolean same = a.storage().dtype() == DType.FLOAT64;
        double[] src = same ? a.storage().f64() : null;
        for (int s = 0; s * mr < rows; s++) {
            int dst = s * mr * depth;
            for (int r = 0; r < mr; r++) {
                int i = s * mr + r;
                if (i >= rows) {
                    for (int p = 0; p < depth; p++) {
                        packA[dst + p * mr + r] = 0.0;
                    }
                    continue;
                }
                int pos = a.position(i0 + i, p0);
                if (same) {
                    for (int p = 0; p < depth; p++, pos += cs) {
                        packA[dst + p * mr + r] = src[pos];
                    }
                } else {
                    for (int p = 0; p < depth; p++, pos += cs) {
                        packA[dst + p * mr + r] = a.storage().get(pos);
                    }
                }
            }
        }
    }

    @Override
    void packB(MatrixOperand b, int p0, int depth, int j0, int cols) {
        int cs = b.colStride();
        boolean same = b.storage().dtype() == DType.FLOAT64;
        double[] src = same ? b.storage().f64() : null;
        for (int s = 0; s * nr < cols; s++) {
            int width = Math.min(nr, cols - s * nr);
            int dst = s * nr * depth;
            for (int p = 0; p < depth; p++, dst += nr) {
                int pos = b.position(p0 + p, j0 + s * nr);
                if (same && cs == 1 && width == nr) {
                    // a whole sliver row is two vectors: cheaper than an arraycopy call of 2 VL elements
                    DoubleVector.fromArray(S, src, pos).intoArray(packB, dst);
                    DoubleVector.fromArray(S, src, pos + VL).intoArray(packB, dst + VL);
                } else if (same && cs == 1) {
                    System.arraycopy(src, pos, packB, dst, width);
                } else if (same) {
                    for (int c = 0; c < width; c++, pos += cs) {
                        packB[dst + c] = src[pos];
                    }
                } else {
                    for (int c = 0; c < width; c++, pos += cs) {
                        packB[dst + c] = b.storage().get(pos);
                    }
                }
                for (int c = width; c < nr; c++) {
                    packB[dst + c] = 0.0;
                }
            }
        }
    }

    @Override
    void macro(int rows, int cols, int depth, HeapStorage out, int cPos, int ldc, boolean accumulate) {
        double[] c = out.f64();
        for (int jb = 0; jb * nr < cols; jb++) {
            int w = Math.min(nr, cols - jb * nr);
            for (int ia = 0; ia * mr < rows; ia++) {
                int h = Math.min(mr, rows - ia * mr);
                int pos = cPos + ia * mr * ldc + jb * nr;
                if (h == mr && w == nr) {
                    tile(depth, ia * mr * depth, jb * nr * depth, c, pos, ldc, accumulate);
                } else {
                    tile(depth, ia * mr * depth, jb * nr * depth, edge, 0, nr, false);
                    for (int r = 0; r < h; r++) {
                        for (int q = 0; q < w; q++) {
                            double v = edge[r * nr + q];
                            c[pos + r * ldc + q] = accumulate ? c[pos + r * ldc + q] + v : v;
                        }
                    }
                }
            }
        }
    }

    private void tile(int depth, int aOff, int bOff, double[] c, int cPos, int ldc, boolean accumulate) {
        if (mr == 4) {
            kernel4(depth, aOff, bOff, c, cPos, ldc, accumulate);
        } else {
            kernel6(depth, aOff, bOff, c, cPos, ldc, accumulate);
        }
    }

    /**
     * The 4 x NR tile: 8 vector accumulators, two B vectors and four broadcast A values, 14 registers.
     * The offsets are computed from the loop counter so that C2 removes the bounds checks.
     */
    private void kernel4(int depth, int aOff, int bOff, double[] c, int cPos, int ldc, boolean accumulate) {
        double[] a = packA;
        double[] b = packB;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c00 = zero, c01 = zero;
        DoubleVector c10 = zero, c11 = zero;
        DoubleVector c20 = zero, c21 = zero;
        DoubleVector c30 = zero, c31 = zero;
        for (int p = 0; p < depth; p++) {
            int ia = aOff + 4 * p;
            int ib = bOff + 2 * VL * p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, b, ib + VL);
            DoubleVector a0 = DoubleVector.broadcast(S, a[ia]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, a[ia + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, a[ia + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, a[ia + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        store(c00, c01, c, cPos, accumulate);
        store(c10, c11, c, cPos + ldc, accumulate);
        store(c20, c21, c, cPos + 2 * ldc, accumulate);
        store(c30, c31, c, cPos + 3 * ldc, accumulate);
    }

    /** The 6 x NR tile: 12 vector accumulators, two B vectors and six broadcast A values, 20 registers. */
    private void kernel6(int depth, int aOff, int bOff, double[] c, int cPos, int ldc, boolean accumulate) {
        double[] a = packA;
        double[] b = packB;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c00 = zero, c01 = zero;
        DoubleVector c10 = zero, c11 = zero;
        DoubleVector c20 = zero, c21 = zero;
        DoubleVector c30 = zero, c31 = zero;
        DoubleVector c40 = zero, c41 = zero;
        DoubleVector c50 = zero, c51 = zero;
        for (int p = 0; p < depth; p++) {
            int ia = aOff + 6 * p;
            int ib = bOff + 2 * VL * p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, b, ib + VL);
            DoubleVector a0 = DoubleVector.broadcast(S, a[ia]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, a[ia + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, a[ia + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, a[ia + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, a[ia + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, a[ia + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        store(c00, c01, c, cPos, accumulate);
        store(c10, c11, c, cPos + ldc, accumulate);
        store(c20, c21, c, cPos + 2 * ldc, accumulate);
        store(c30, c31, c, cPos + 3 * ldc, accumulate);
        store(c40, c41, c, cPos + 4 * ldc, accumulate);
        store(c50, c51, c, cPos + 5 * ldc, accumulate);
    }

    /** One tile row: {@code c[pos ..< pos + 2 VL] (+)= (v0, v1)}. */
    private static void store(DoubleVector v0, DoubleVector v1, double[] c, int pos, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(DoubleVector.fromArray(S, c, pos));
            v1 = v1.add(DoubleVector.fromArray(S, c, pos + VL));
        }
        v0.intoArray(c, pos);
        v1.intoArray(c, pos + VL);
    }
}
