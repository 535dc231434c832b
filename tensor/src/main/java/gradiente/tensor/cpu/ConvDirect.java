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
 * column {@code q*VL + v*dw}. The forward kernel keeps 4 rows x 2 vectors of outputs in registers while
 * it runs over {@code (c, u, v)}; the weight-gradient kernel keeps 4 partial dot products per weight.
 */
final class ConvDirect {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() > 16
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
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

    private static int paddedRows(ConvPlan p) {
        return (p.ho() - 1) * p.sh() + (p.kh() - 1) * p.dh() + 1;
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
        float[] xp = CpuConv.scratch(1, p.cg() * hp * wp);
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

    /** One output plane: blocks of 4 rows x 2 vectors, then single rows and vectors at the edges. */
    private static void forwardPlane(float[] xp, float[] w, int wBase, ConvPlan p, float[] out, int oBase, float[] row) {
        int ho = p.ho(), wo = p.wo(), wq = paddedWidth(p), chunks = wq / VL;
        int i = 0;
        for (; i + 4 <= ho; i += 4) {
            int q = 0;
            for (; q + 2 <= chunks; q += 2) {
                block4x2(xp, w, wBase, p, i, q * VL, row, wq);
            }
            for (; q < chunks; q++) {
                for (int r = 0; r < 4; r++) {
                    single(xp, w, wBase, p, i + r, q * VL, row, r * wq);
                }
            }
            for (int r = 0; r < 4; r++) {
                System.arraycopy(row, r * wq, out, oBase + (i + r) * wo, wo);
            }
        }
        for (; i < ho; i++) {
            for (int q = 0; q < chunks; q++) {
                single(xp, w, wBase, p, i, q * VL, row, 0);
            }
            System.arraycopy(row, 0, out, oBase + i * wo, wo);
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

    /** Output row i, columns {@code j..j+VL} into {@code row} from {@code at + j}. */
    private static void single(float[] xp, float[] w, int wBase, ConvPlan p, int i, int j, float[] row, int at) {
        int hp = paddedRows(p), wp = paddedCols(p);
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        int wi = wBase;
        for (int c = 0; c < p.cg(); c++) {
            for (int u = 0; u < p.kh(); u++) {
                int base = (c * hp + i * p.sh() + u * p.dh()) * wp + j;
                int v = 0;
                for (; v + 2 <= p.kw(); v += 2, wi += 2) {
                    a0 = FloatVector.broadcast(S, w[wi]).fma(FloatVector.fromArray(S, xp, base + v * p.dw()), a0);
                    a1 = FloatVector.broadcast(S, w[wi + 1]).fma(FloatVector.fromArray(S, xp, base + (v + 1) * p.dw()), a1);
                }
                if (v < p.kw()) {
                    a0 = FloatVector.broadcast(S, w[wi++]).fma(FloatVector.fromArray(S, xp, base + v * p.dw()), a0);
                }
            }
        }
        a0.add(a1).intoArray(row, at + j);
    }

    /**
     * The weight gradient of one (sample, group): {@code partial[pBase + kk*og + oi]} (=, or += with
     * {@code accumulate}) {@code sum_{i,j} gradOut[oi][i][j] * x[c][i*sh + u*dh - pt][j + v*dw - pl]} for
     * {@code kk = (c*kh + u)*kw + v}; gradOut's planes of this group start at {@code gBase}.
     */
    static void weightGradient(float[] x, int xBase, float[] gradOut, int gBase, float[] partial, int pBase, ConvPlan p,
            boolean accumulate) {
        float[] xp = padInput(x, xBase, p);
        int ho = p.ho(), wo = p.wo(), wq = paddedWidth(p), hp = paddedRows(p), wp = paddedCols(p), og = p.og();
        float[] gp = CpuConv.scratch(2, og * ho * wq);
        Arrays.fill(gp, 0, og * ho * wq, 0f);
        for (int oi = 0; oi < og; oi++) {
            for (int i = 0; i < ho; i++) {
                System.arraycopy(gradOut, gBase + (oi * ho + i) * wo, gp, (oi * ho + i) * wq, wo);
            }
        }
        int rs = p.sh() * wp;
        for (int oi = 0; oi < og; oi++) {
            int kk = 0;
            for (int c = 0; c < p.cg(); c++) {
                for (int u = 0; u < p.kh(); u++) {
                    for (int v = 0; v < p.kw(); v++, kk++) {
                        int xBase0 = (c * hp + u * p.dh()) * wp + v * p.dw();
                        int gBase0 = oi * ho * wq;
                        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                        int i = 0;
                        for (; i + 4 <= ho; i += 4) {
                            int xr = xBase0 + i * rs;
                            int gr = gBase0 + i * wq;
                            for (int j = 0; j < wq; j += VL) {
                                a0 = FloatVector.fromArray(S, gp, gr + j).fma(FloatVector.fromArray(S, xp, xr + j), a0);
                                a1 = FloatVector.fromArray(S, gp, gr + wq + j).fma(FloatVector.fromArray(S, xp, xr + rs + j), a1);
                                a2 = FloatVector.fromArray(S, gp, gr + 2 * wq + j).fma(FloatVector.fromArray(S, xp, xr + 2 * rs + j), a2);
                                a3 = FloatVector.fromArray(S, gp, gr + 3 * wq + j).fma(FloatVector.fromArray(S, xp, xr + 3 * rs + j), a3);
                            }
                        }
                        for (; i < ho; i++) {
                            int xr = xBase0 + i * rs;
                            int gr = gBase0 + i * wq;
                            for (int j = 0; j < wq; j += VL) {
                                a0 = FloatVector.fromArray(S, gp, gr + j).fma(FloatVector.fromArray(S, xp, xr + j), a0);
                            }
                        }
                        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                        int at = pBase + kk * og + oi;
                        partial[at] = accumulate ? partial[at] + s : s;
                    }
                }
            }
        }
    }
}
