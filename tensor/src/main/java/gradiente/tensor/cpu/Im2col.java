package gradiente.tensor.cpu;

import java.util.Arrays;

/**
 * The column matrix of a convolution (im2col) and its adjoint (col2im), float32, for one sample and
 * one group of a {@link ConvPlan}. Row {@code r = (c*kh + u)*kw + v} and column {@code i*wo + j} of the
 * {@code [k, p]} matrix hold {@code x[c][i*sh + u*dh - pt][j*sw + v*dw - pl]} (zero outside the input),
 * so that the forward pass is the product {@code W [og, k] @ cols [k, p]}.
 *
 * <p>The in-bounds range of j is computed once per kernel column, so the inner loops have no bounds
 * tests; with unit stride along W a row segment is one contiguous copy ({@link #row}).
 */
final class Im2col {
    private Im2col() {
    }

    /** First output column j whose input column {@code j*sw + off} is at least 0. */
    private static int firstColumn(int off, int sw, int wo) {
        return Math.clamp(Math.ceilDiv(-off, sw), 0, wo);
    }

    /** One past the last output column j whose input column {@code j*sw + off} is below w. */
    private static int endColumn(int off, int sw, int w, int wo, int first) {
        return Math.clamp(Math.floorDiv(w - 1 - off, sw) + 1, first, wo);
    }

    /** Rows at most this long are copied by plain loops: a call of arraycopy or fill costs more there. */
    private static final int SHORT_ROW = 32;

    /**
     * One row segment of a column matrix: {@code dst[d + j] = src[s + j]} for {@code j0 <= j < j1} and
     * zero for the other {@code j < len} (the padding); {@code j0 == j1} gives a row of zeros and reads
     * nothing. Short rows (the 7- to 13-wide planes of the discriminator and classifier) go through
     * plain loops, longer ones through {@link Arrays#fill} and {@link System#arraycopy}.
     */
    static void row(float[] src, int s, float[] dst, int d, int len, int j0, int j1) {
        if (len <= SHORT_ROW) {
            for (int j = 0; j < j0; j++) {
                dst[d + j] = 0f;
            }
            for (int j = j0; j < j1; j++) {
                dst[d + j] = src[s + j];
            }
            for (int j = Math.max(j0, j1); j < len; j++) {
                dst[d + j] = 0f;
            }
            return;
        }
        if (j0 == j1) {
            Arrays.fill(dst, d, d + len, 0f);
            return;
        }
        Arrays.fill(dst, d, d + j0, 0f);
        System.arraycopy(src, s + j0, dst, d + j0, j1 - j0);
        Arrays.fill(dst, d + j1, d + len, 0f);
    }

    /**
     * Writes the {@code [p.k(), p.p()]} column matrix of the channels starting at {@code xBase} (the first
     * channel of the group in one sample, planes of {@code h*w}) into {@code cols} from position 0, rows
     * {@code ldc} apart, starting at column {@code col0} (so several samples can sit side by side).
     */
    static void im2col(float[] x, int xBase, ConvPlan p, float[] cols, int ldc, int col0) {
        if (p.sw() > 1) {
            strided(x, xBase, p, cols, ldc, col0);
            return;
        }
        int h = p.h(), w = p.w(), ho = p.ho(), wo = p.wo(), sw = 1;
        int r = 0;
        for (int c = 0; c < p.cg(); c++) {
            int plane = xBase + c * h * w;
            for (int u = 0; u < p.kh(); u++) {
                for (int v = 0; v < p.kw(); v++, r++) {
                    int off = v * p.dw() - p.pl();
                    int j0 = firstColumn(off, sw, wo);
                    int j1 = endColumn(off, sw, w, wo, j0);
                    int dst = r * ldc + col0;
                    for (int i = 0; i < ho; i++, dst += wo) {
                        int y = i * p.sh() + u * p.dh() - p.pt();
                        boolean inside = y >= 0 && y < h;
                        row(x, plane + y * w + off, cols, dst, wo, inside ? j0 : 0, inside ? j1 : 0);
                    }
                }
            }
        }
    }

    /**
     * {@link #im2col} for a stride {@code sw > 1} along W: the group's channels are first split into
     * {@code sw} column phases, {@code ph[rx][c][y][k] = x[c][y][k*sw + rx]}, so that every row segment of
     * the column matrix, {@code x[c][y][j*sw + off] = ph[off mod sw][c][y][j + floor(off / sw)]}, is one
     * contiguous copy instead of a strided loop.
     */
    private static void strided(float[] x, int xBase, ConvPlan p, float[] cols, int ldc, int col0) {
        int h = p.h(), w = p.w(), ho = p.ho(), wo = p.wo(), sw = p.sw(), cg = p.cg();
        int wq = Math.ceilDiv(w, sw);
        float[] ph = CpuConv.scratch(CpuConv.PADDED, sw * cg * h * wq);
        for (int rx = 0; rx < Math.min(sw, w); rx++) {
            int n = Math.ceilDiv(w - rx, sw);
            for (int c = 0; c < cg; c++) {
                for (int y = 0; y < h; y++) {
                    int src = xBase + (c * h + y) * w + rx;
                    int dst = ((rx * cg + c) * h + y) * wq;
                    for (int k = 0; k < n; k++) {
                        ph[dst + k] = x[src + k * sw];
                    }
                }
            }
        }
        int r = 0;
        for (int c = 0; c < cg; c++) {
            for (int u = 0; u < p.kh(); u++) {
                for (int v = 0; v < p.kw(); v++, r++) {
                    int off = v * p.dw() - p.pl();
                    int q = Math.floorDiv(off, sw);
                    int rx = Math.floorMod(off, sw);
                    int j0 = Math.clamp(-q, 0, wo);
                    int j1 = Math.clamp(Math.ceilDiv(w - rx, sw) - q, j0, wo);
                    int plane = (rx * cg + c) * h * wq;
                    int dst = r * ldc + col0;
                    for (int i = 0; i < ho; i++, dst += wo) {
                        int y = i * p.sh() + u * p.dh() - p.pt();
                        boolean inside = y >= 0 && y < h;
                        row(ph, plane + y * wq + q, cols, dst, wo, inside ? j0 : 0, inside ? j1 : 0);
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds every in-bounds entry of the column matrix (rows {@code ldc}
     * apart, from column {@code col0}) to the input position it was read from, in the planes starting at
     * {@code gBase}. The caller zeroes the planes first.
     */
    static void col2im(float[] cols, int ldc, int col0, ConvPlan p, float[] grad, int gBase) {
        int h = p.h(), w = p.w(), ho = p.ho(), wo = p.wo(), sw = p.sw();
        int r = 0;
        for (int c = 0; c < p.cg(); c++) {
            int plane = gBase + c * h * w;
            for (int u = 0; u < p.kh(); u++) {
                for (int v = 0; v < p.kw(); v++, r++) {
                    int off = v * p.dw() - p.pl();
                    int j0 = firstColumn(off, sw, wo);
                    int j1 = endColumn(off, sw, w, wo, j0);
                    int src = r * ldc + col0;
                    for (int i = 0; i < ho; i++, src += wo) {
                        int y = i * p.sh() + u * p.dh() - p.pt();
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        int dst = plane + y * w + off;
                        if (sw == 1) {
                            for (int j = j0; j < j1; j++) {
                                grad[dst + j] += cols[src + j];
                            }
                        } else {
                            for (int j = j0; j < j1; j++) {
                                grad[dst + j * sw] += cols[src + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
