package gradiente.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct (no column matrix) float32 kernels for convolutions with very few output channels per group
 * and unit stride along W, such as the DCGAN generator's last layer (128 -> 1 channel, 7x7). There a
 * GEMM would have one row, wasting most of its register tile, and the column matrix would cost as much
 * memory traffic as the multiply-adds themselves.
 *
 * <p>Each (sample, group) first copies its input channels into a zero-bordered scratch
 * {@code [cg][hp][wp]} whose rows are long enough for whole vectors, so the inner loops have no bounds
 * tests: output row i, columns {@code [q*VL, q*VL + VL)} read the padded row {@code i*sh + u*dh} from
 * column {@code q*VL + v*dw}; output rows are computed in whole blocks of 4 (the scratch has the rows for
 * that), so the hot loops have no remainder branches. The forward kernel keeps 4 rows x 2 vectors of
 * outputs in registers while it runs over {@code (c, u, v)}; the weight-gradient kernel computes the dot
 * products of 4 kernel columns at once, sharing the gradient's loads.
 */
final class ConvDirect {
    private static final VectorSpecies<Float> S = CpuVectors.F32;
    private static final int VL = S.length();
    /** Largest number of output channels per group handled here. */
    static final int MAX_OUT_PER_GROUP = 4;

    private ConvDirect() {
    }

    /** Whether the direct kernels handle this plan: few output channels per group, unit stride along W. */
    static boolean suits(ConvPlan p) {
        return p.og() <= MAX_OUT_PER_GROUP && p.sw() == 1;
    }

    /** Output columns rounded up to whole vectors. */
    private static int paddedWidth(ConvPlan p) {
        return GemmKernel.roundUp(p.wo(), VL);
    }

    /** Output rows rounded up to whole blocks of 4 (the extra rows read zeros and are dropped). */
    private static int blockRows(ConvPlan p) {
        return GemmKernel.roundUp(p.ho(), 4);
    }

    private static int paddedRows(ConvPlan p) {
        return (blockRows(p) - 1) * p.sh() + (p.kh() - 1) * p.dh() + 1;
    }

    private static int paddedCols(ConvPlan p) {
        return paddedWidth(p) + (p.kw() - 1) * p.dw();
    }

    /**
     * Copies the group's channels (from {@code xBase}) into the zero-bordered scratch: padded
     * {@code (r, col)} holds {@code x[c][r - pt][col - pl]} where that is inside the input.
     */
    private static float[] padInput(float[] x, int xBase, ConvPlan p) {
        int hp = paddedRows(p), wp = paddedCols(p), h = p.h(), w = p.w();
        float[] xp = CpuConv.scratch(CpuConv.PADDED, p.cg() * hp * wp);
        Arrays.fill(xp, 0, p.cg() * hp * wp, 0f);
        int c0 = Math.max(0, p.pl());
        int c1 = Math.min(wp, w + p.pl());
        if (c0 >= c1) {
            return xp;
        }
        for (int c = 0; c < p.cg(); c++) {
            for (int r = Math.max(0, p.pt()); r < Math.min(hp, h + p.pt()); r++) {
                System.arraycopy(x, xBase + (c * h + r - p.pt()) * w + c0 - p.pl(), xp, (c * hp + r) * wp + c0, c1 - c0);
            }
        }
        return xp;
    }

    /** The forward pass of the whole batch, one (sample, group) pair per task. */
    static void forward(float[] x, float[] w, float[] out, ConvPlan p) {
        int np = p.p();
        CpuThreads.forRange(p.n() * p.groups(), (long) p.og() * p.k() * np, (lo, hi) -> {
            int wq = paddedWidth(p);
            float[] row = new float[4 * wq];
            for (int t = lo; t < hi; t++) {
                int b = t / p.groups();
                int g = t % p.groups();
                float[] xp = padInput(x, (b * p.c() + g * p.cg()) * p.h() * p.w(), p);
                for (int oi = 0; oi < p.og(); oi++) {
                    int oc = g * p.og() + oi;
                    forwardPlane(xp, w, oc * p.k(), p, out, (b * p.o() + oc) * np, row);
                }
            }
        });
    }

    /** One output plane: blocks of 4 rows x 2 vectors, and of 4 rows x 1 vector for an odd last vector. */
    private static void forwardPlane(float[] xp, float[] w, int wBase, ConvPlan p, float[] out, int oBase, float[] row) {
        int ho = p.ho(), wo = p.wo(), wq = paddedWidth(p), chunks = wq / VL;
        for (int i = 0; i < ho; i += 4) {
            int q = 0;
            for (; q + 2 <= chunks; q += 2) {
                block4x2(xp, w, wBase, p, i, q * VL, row, wq);
            }
            if (q < chunks) {
                block4x1(xp, w, wBase, p, i, q * VL, row, wq);
            }
            for (int r = 0; r < Math.min(4, ho - i); r++) {
                System.arraycopy(row, r * wq, out, oBase + (i + r) * wo, wo);
            }
        }
    }

    /** Output rows {@code i..i+3}, columns {@code j..j+2*VL} into {@code row} (rows {@code wq} apart). */
    private static void block4x2(float[] xp, float[] w, int wBase, ConvPlan p, int i, int j, float[] row, int wq) {
        int hp = paddedRows(p), wp = paddedCols(p), rs = p.sh() * wp;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int wi = wBase;
        for (int c = 0; c < p.cg(); c++) {
            for (int u = 0; u < p.kh(); u++) {
                int base = (c * hp + i * p.sh() + u * p.dh()) * wp + j;
                for (int v = 0; v < p.kw(); v++, wi++) {
                    FloatVector wv = FloatVector.broadcast(S, w[wi]);
                    int pos = base + v * p.dw();
                    a00 = wv.fma(FloatVector.fromArray(S, xp, pos), a00);
                    a01 = wv.fma(FloatVector.fromArray(S, xp, pos + VL), a01);
                    a10 = wv.fma(FloatVector.fromArray(S, xp, pos + rs), a10);
                    a11 = wv.fma(FloatVector.fromArray(S, xp, pos + rs + VL), a11);
                    a20 = wv.fma(FloatVector.fromArray(S, xp, pos + 2 * rs), a20);
                    a21 = wv.fma(FloatVector.fromArray(S, xp, pos + 2 * rs + VL), a21);
                    a30 = wv.fma(FloatVector.fromArray(S, xp, pos + 3 * rs), a30);
                    a31 = wv.fma(FloatVector.fromArray(S, xp, pos + 3 * rs + VL), a31);
                }
            }
        }
        a00.intoArray(row, j);
        a01.intoArray(row, j + VL);
        a10.intoArray(row, wq + j);
        a11.intoArray(row, wq + j + VL);
        a20.intoArray(row, 2 * wq + j);
        a21.intoArray(row, 2 * wq + j + VL);
        a30.intoArray(row, 3 * wq + j);
        a31.intoArray(row, 3 * wq + j + VL);
    }

    /** Output rows {@code i..i+3}, columns {@code j..j+VL} into {@code row} (rows {@code wq} apart). */
    private static void block4x1(float[] xp, float[] w, int wBase, ConvPlan p, int i, int j, float[] row, int wq) {
        int hp = paddedRows(p), wp = paddedCols(p), rs = p.sh() * wp;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int wi = wBase;
        for (int c = 0; c < p.cg(); c++) {
            for (int u = 0; u < p.kh(); u++) {
                int base = (c * hp + i * p.sh() + u * p.dh()) * wp + j;
                for (int v = 0; v < p.kw(); v++, wi++) {
                    FloatVector wv = FloatVector.broadcast(S, w[wi]);
                    int pos = base + v * p.dw();
                    a0 = wv.fma(FloatVector.fromArray(S, xp, pos), a0);
                    a1 = wv.fma(FloatVector.fromArray(S, xp, pos + rs), a1);
                    a2 = wv.fma(FloatVector.fromArray(S, xp, pos + 2 * rs), a2);
                    a3 = wv.fma(FloatVector.fromArray(S, xp, pos + 3 * rs), a3);
                }
            }
        }
        a0.intoArray(row, j);
        a1.intoArray(row, wq + j);
        a2.intoArray(row, 2 * wq + j);
        a3.intoArray(row, 3 * wq + j);
    }

    /**
     * The weight gradient of one (sample, group), added to the partial sums:
     * {@code partial[pBase + kk*og + oi] += sum_{i,j} gradOut[oi][i][j] * x[c][i*sh + u*dh - pt][j + v*dw - pl]}
     * for {@code kk = (c*kh + u)*kw + v}; gradOut's planes of this group start at {@code gBase}. The gradient
     * is copied into zero-padded rows of whole vectors and whole blocks of 4 rows, so the dot products have
     * no remainder loops.
     */
    static void weightGradient(float[] x, int xBase, float[] gradOut, int gBase, float[] partial, int pBase, ConvPlan p) {
        float[] xp = padInput(x, xBase, p);
        int ho = p.ho(), wo = p.wo(), hb = blockRows(p), wq = paddedWidth(p), hp = paddedRows(p), wp = paddedCols(p);
        int og = p.og();
        float[] gp = CpuConv.scratch(CpuConv.PADDED_GRAD, og * hb * wq);
        Arrays.fill(gp, 0, og * hb * wq, 0f);
        for (int oi = 0; oi < og; oi++) {
            for (int i = 0; i < ho; i++) {
                System.arraycopy(gradOut, gBase + (oi * ho + i) * wo, gp, (oi * hb + i) * wq, wo);
            }
        }
        int kw = p.kw(), dw = p.dw(), xRow = p.sh() * wp;
        float[] sums = new float[4];
        for (int oi = 0; oi < og; oi++) {
            int gStart = oi * hb * wq;
            for (int c = 0; c < p.cg(); c++) {
                for (int u = 0; u < p.kh(); u++) {
                    int xStart = (c * hp + u * p.dh()) * wp;
                    int kk = (c * p.kh() + u) * kw;
                    // Four kernel columns at a time share the gradient's loads; a last partial block
                    // repeats its final column (in bounds) and drops the repeats.
                    for (int v = 0; v < kw; v += 4) {
                        dot4(gp, gStart, wq, xp, xStart, xRow, hb, v * dw, Math.min(v + 1, kw - 1) * dw,
                                Math.min(v + 2, kw - 1) * dw, Math.min(v + 3, kw - 1) * dw, sums);
                        for (int e = 0; e < Math.min(4, kw - v); e++) {
                            partial[pBase + (kk + v + e) * og + oi] += sums[e];
                        }
                    }
                }
            }
        }
    }

    /**
     * Four dot products sharing one operand: {@code sums[e] = sum_{i < rows, j < wq} g[gStart + i*wq + j] *
     * x[xStart + i*xRow + j + off_e]} (rows a multiple of 4, wq of the vector length).
     */
    private static void dot4(float[] g, int gStart, int wq, float[] x, int xStart, int xRow, int rows, int off0,
            int off1, int off2, int off3, float[] sums) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int i = 0; i < rows; i += 2) {
            int xr = xStart + i * xRow;
            int gr = gStart + i * wq;
            for (int j = 0; j < wq; j += VL) {
                FloatVector gv = FloatVector.fromArray(S, g, gr + j);
                a0 = gv.fma(FloatVector.fromArray(S, x, xr + j + off0), a0);
                a1 = gv.fma(FloatVector.fromArray(S, x, xr + j + off1), a1);
                a2 = gv.fma(FloatVector.fromArray(S, x, xr + j + off2), a2);
                a3 = gv.fma(FloatVector.fromArray(S, x, xr + j + off3), a3);
                FloatVector hv = FloatVector.fromArray(S, g, gr + wq + j);
                b0 = hv.fma(FloatVector.fromArray(S, x, xr + xRow + j + off0), b0);
                b1 = hv.fma(FloatVector.fromArray(S, x, xr + xRow + j + off1), b1);
                b2 = hv.fma(FloatVector.fromArray(S, x, xr + xRow + j + off2), b2);
                b3 = hv.fma(FloatVector.fromArray(S, x, xr + xRow + j + off3), b3);
            }
        }
        a0 = a0.add(b0);
        a1 = a1.add(b1);
        a2 = a2.add(b2);
        a3 = a3.add(b3);
        sums[0] = SimdF32.sumLanes(a0);
        sums[1] = SimdF32.sumLanes(a1);
        sums[2] = SimdF32.sumLanes(a2);
        sums[3] = SimdF32.sumLanes(a3);
    }
}
