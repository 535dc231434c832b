package gradiente.tensor.cpu;

import java.util.Arrays;

/**
 * The column matrix of a convolution (im2col) and its adjoint (col2im), float32, for one sample and
 * one group of a {@link ConvPlan}. Row {@code r = (c*kh + u)*kw + v} and column {@code i*wo + j} of the
 * {@code [k, p]} matrix hold {@code x[c][i*sh + u*dh - pt][j*sw + v*dw - pl]} (zero outside the input),
 * so that the forward pass is the product {@code W [og, k] @ cols [k, p]}.
 *
 * <p>The in-bounds range of j is computed once per kernel column, so the inner loops have no bounds
 * tests; with unit stride along W a row segment is one {@link System#arraycopy}.
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

    /**
     * Writes the {@code [p.k(), p.p()]} column matrix of the channels starting at {@code xBase} (the first
     * channel of the group in one sample, planes of {@code h*w}) into {@code cols} from position 0, rows
     * {@code ldc} apart, starting at column {@code col0} (so several samples can sit side by side).
     */
    static void im2col(float[] x, int xBase, ConvPlan p, float[] cols, int ldc, int col0) {
        int h = p.h(), w = p.w(), ho = p.ho(), wo = p.wo(), sw = p.sw();
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
                        if (y < 0 || y >= h || j0 == j1) {
                            Arrays.fill(cols, dst, dst + wo, 0f);
                            continue;
                        }
                        int src = plane + y * w + off;
                        if (j0 > 0) {
                            Arrays.fill(cols, dst, dst + j0, 0f);
                        }
                        if (sw == 1) {
                            System.arraycopy(x, src + j0, cols, dst + j0, j1 - j0);
                        } else {
                            for (int j = j0; j < j1; j++) {
                                cols[dst + j] = x[src + j * sw];
                            }
                        }
                        if (j1 < wo) {
                            Arrays.fill(cols, dst + j1, dst + wo, 0f);
                        }
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
