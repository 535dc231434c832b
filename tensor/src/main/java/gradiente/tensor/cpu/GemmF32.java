package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM kernel: a 6 x (2 vectors) register tile (6 x 16 on AVX2) computed with fused
 * multiply-adds, {@code C_tile += sum_p a[:, p] (outer) b[p, :]}, over packed A slivers (6 rows, column
 * after column) and B slivers (16 columns, row after row). Accumulation is in float32.
 */
final class GemmF32 extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() > 16
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * VL;
    private static final int KC = 256;
    private static final int MC = 120;
    private static final int NC = 1536;

    private static final ThreadLocal<GemmF32> LOCAL = ThreadLocal.withInitial(GemmF32::new);

    private final float[] packA = new float[roundUp(MC, MR) * KC];
    private final float[] packB = new float[KC * roundUp(NC, NR)];
    private final float[] edge = new float[MR * NR];

    private GemmF32() {
    }

    /** This thread's instance (pack buffers allocated once per thread). */
    static GemmF32 local() {
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
        boolean same = a.storage().dtype() == DType.FLOAT32;
        float[] src = same ? a.storage().f32() : null;
        for (int s = 0; s * MR < mc; s++) {
            int dst = s * MR * kc;
            for (int r = 0; r < MR; r++) {
                int i = s * MR + r;
                if (i >= mc) {
                    for (int p = 0; p < kc; p++) {
                        packA[dst + p * MR + r] = 0f;
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
                        packA[dst + p * MR + r] = (float) a.storage().get(pos);
                    }
                }
            }
        }
    }

    @Override
    void packB(MatrixOperand b, int p0, int kc, int j0, int nc) {
        int cs = b.colStride();
        boolean same = b.storage().dtype() == DType.FLOAT32;
        float[] src = same ? b.storage().f32() : null;
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
                        packB[dst + c] = (float) b.storage().get(pos);
                    }
                }
                for (int c = cols; c < NR; c++) {
                    packB[dst + c] = 0f;
                }
            }
        }
    }

    @Override
    void macro(int mc, int nc, int kc, HeapStorage out, int cPos, int ldc, boolean accumulate) {
        float[] c = out.f32();
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
                            float v = edge[r * NR + q];
                            c[pos + r * ldc + q] = accumulate ? c[pos + r * ldc + q] + v : v;
                        }
                    }
                }
            }
        }
    }

    /** The full 6 x NR tile: 12 vector accumulators, two B vectors and one broadcast A value. */
    private void kernel(int kc, int aOff, int bOff, float[] c, int cPos, int ldc, boolean accumulate) {
        float[] a = packA;
        float[] b = packB;
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bOff);
            FloatVector b1 = FloatVector.fromArray(S, b, bOff + VL);
            FloatVector a0 = FloatVector.broadcast(S, a[aOff + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[aOff + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[aOff + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[aOff + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[aOff + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[aOff + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            aOff += 6;
            bOff += NR;
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, cPos + 0 * ldc));
            c01 = c01.add(FloatVector.fromArray(S, c, cPos + 0 * ldc + VL));
            c10 = c10.add(FloatVector.fromArray(S, c, cPos + 1 * ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, cPos + 1 * ldc + VL));
            c20 = c20.add(FloatVector.fromArray(S, c, cPos + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, cPos + 2 * ldc + VL));
            c30 = c30.add(FloatVector.fromArray(S, c, cPos + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, cPos + 3 * ldc + VL));
            c40 = c40.add(FloatVector.fromArray(S, c, cPos + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, cPos + 4 * ldc + VL));
            c50 = c50.add(FloatVector.fromArray(S, c, cPos + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, cPos + 5 * ldc + VL));
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
