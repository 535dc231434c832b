package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float64 GEMM kernel: a 6 x (2 vectors) register tile (6 x 8 on AVX2) computed with fused
 * multiply-adds, {@code C_tile += sum_p a[:, p] (outer) b[p, :]}, over packed A slivers (6 rows, column
 * after column) and B slivers (8 columns, row after row). Accumulation is in float64. This is the
 * line-for-line float64 twin of {@link GemmF32}: Java has no generics over primitive arrays and vectors.
 */
final class GemmF64 extends GemmKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED.length() > 8
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * VL;
    private static final int KC = 256;
    private static final int MC = 120;
    private static final int NC = 768;

    private static final ThreadLocal<GemmF64> LOCAL = ThreadLocal.withInitial(GemmF64::new);

    private final double[] packA = new double[roundUp(MC, MR) * KC];
    private final double[] packB = new double[KC * roundUp(NC, NR)];
    private final double[] edge = new double[MR * NR];

    private GemmF64() {
    }

    /** This thread's instance (pack buffers allocated once per thread). */
    static GemmF64 local() {
        return LOCAL.get();
    }

    @Override
    int mr() {
        return MR;
    }

    @Override
    int nr() {
        return NR;
    }

    @Override
    int kc() {
        return KC;
    }

    @Override
    int mc() {
        return MC;
    }

    @Override
    int nc() {
        return NC;
    }

    @Override
    void packA(MatrixOperand a, int i0, int mc, int p0, int kc) {
        int cs = a.colStride();
        boolean same = a.storage().dtype() == DType.FLOAT64;
        double[] src = same ? a.storage().f64() : null;
        for (int s = 0; s * MR < mc; s++) {
            int dst = s * MR * kc;
            for (int r = 0; r < MR; r++) {
                int i = s * MR + r;
                if (i >= mc) {
                    for (int p = 0; p < kc; p++) {
                        packA[dst + p * MR + r] = 0.0;
                    }
                    continue;
                }
                int pos = a.position(i0 + i, p0);
                if (same) {
                    for (int p = 0; p < kc; p++, pos += cs) {
                        packA[dst + p * MR + r] = src[pos];
                    }
                } else {
                    for (int p = 0; p < kc; p++, pos += cs) {
                        packA[dst + p * MR + r] = a.storage().get(pos);
                    }
                }
            }
        }
    }

    @Override
    void packB(MatrixOperand b, int p0, int kc, int j0, int nc) {
        int cs = b.colStride();
        boolean same = b.storage().dtype() == DType.FLOAT64;
        double[] src = same ? b.storage().f64() : null;
        for (int s = 0; s * NR < nc; s++) {
            int cols = Math.min(NR, nc - s * NR);
            int dst = s * NR * kc;
            for (int p = 0; p < kc; p++, dst += NR) {
                int pos = b.position(p0 + p, j0 + s * NR);
                if (same && cs == 1) {
                    System.arraycopy(src, pos, packB, dst, cols);
                } else if (same) {
                    for (int c = 0; c < cols; c++, pos += cs) {
                        packB[dst + c] = src[pos];
                    }
                } else {
                    for (int c = 0; c < cols; c++, pos += cs) {
                        packB[dst + c] = b.storage().get(pos);
                    }
                }
                for (int c = cols; c < NR; c++) {
                    packB[dst + c] = 0.0;
                }
            }
        }
    }

    @Override
    void macro(int mc, int nc, int kc, HeapStorage out, int cPos, int ldc, boolean accumulate) {
        double[] c = out.f64();
        for (int jb = 0; jb * NR < nc; jb++) {
            int cols = Math.min(NR, nc - jb * NR);
            for (int ia = 0; ia * MR < mc; ia++) {
                int rows = Math.min(MR, mc - ia * MR);
                int pos = cPos + ia * MR * ldc + jb * NR;
                if (rows == MR && cols == NR) {
                    kernel(kc, ia * MR * kc, jb * NR * kc, c, pos, ldc, accumulate);
                } else {
                    kernel(kc, ia * MR * kc, jb * NR * kc, edge, 0, NR, false);
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < cols; q++) {
                            double v = edge[r * NR + q];
                            c[pos + r * ldc + q] = accumulate ? c[pos + r * ldc + q] + v : v;
                        }
                    }
                }
            }
        }
    }

    /** The full 6 x NR tile: 12 vector accumulators, two B vectors and one broadcast A value. */
    private void kernel(int kc, int aOff, int bOff, double[] c, int cPos, int ldc, boolean accumulate) {
        double[] a = packA;
        double[] b = packB;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c00 = zero, c01 = zero;
        DoubleVector c10 = zero, c11 = zero;
        DoubleVector c20 = zero, c21 = zero;
        DoubleVector c30 = zero, c31 = zero;
        DoubleVector c40 = zero, c41 = zero;
        DoubleVector c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bOff);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bOff + VL);
            DoubleVector a0 = DoubleVector.broadcast(S, a[aOff + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, a[aOff + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, a[aOff + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, a[aOff + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, a[aOff + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, a[aOff + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            aOff += 6;
            bOff += NR;
        }
        if (accumulate) {
            c00 = c00.add(DoubleVector.fromArray(S, c, cPos + 0 * ldc));
            c01 = c01.add(DoubleVector.fromArray(S, c, cPos + 0 * ldc + VL));
            c10 = c10.add(DoubleVector.fromArray(S, c, cPos + 1 * ldc));
            c11 = c11.add(DoubleVector.fromArray(S, c, cPos + 1 * ldc + VL));
            c20 = c20.add(DoubleVector.fromArray(S, c, cPos + 2 * ldc));
            c21 = c21.add(DoubleVector.fromArray(S, c, cPos + 2 * ldc + VL));
            c30 = c30.add(DoubleVector.fromArray(S, c, cPos + 3 * ldc));
            c31 = c31.add(DoubleVector.fromArray(S, c, cPos + 3 * ldc + VL));
            c40 = c40.add(DoubleVector.fromArray(S, c, cPos + 4 * ldc));
            c41 = c41.add(DoubleVector.fromArray(S, c, cPos + 4 * ldc + VL));
            c50 = c50.add(DoubleVector.fromArray(S, c, cPos + 5 * ldc));
            c51 = c51.add(DoubleVector.fromArray(S, c, cPos + 5 * ldc + VL));
        }
        c00.intoArray(c, cPos + 0 * ldc);
        c01.intoArray(c, cPos + 0 * ldc + VL);
        c10.intoArray(c, cPos + 1 * ldc);
        c11.intoArray(c, cPos + 1 * ldc + VL);
        c20.intoArray(c, cPos + 2 * ldc);
        c21.intoArray(c, cPos + 2 * ldc + VL);
        c30.intoArray(c, cPos + 3 * ldc);
        c31.intoArray(c, cPos + 3 * ldc + VL);
        c40.intoArray(c, cPos + 4 * ldc);
        c41.intoArray(c, cPos + 4 * ldc + VL);
        c50.intoArray(c, cPos + 5 * ldc);
        c51.intoArray(c, cPos + 5 * ldc + VL);
    }
}
