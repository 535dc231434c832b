package gradiente.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A GEMM B operand that is never written out: {@code B[p][j] = src[rowOff[p] + colIdx[j]]}. It is the
 * column matrix of a convolution (im2col, seed 000 eq. 5) or of a stride phase of its input gradient
 * ({@link ConvPhases}), read from a zero-padded copy of the input planes so that every entry is in bounds:
 * row {@code p} is a kernel tap (channel, kernel row, kernel column), column {@code j} an output position
 * (sample, row, column), and the tap's offset plus the position's offset is the input element it reads.
 *
 * <p>{@link GemmF32#packB(GatheredB, int, int, int, int)} packs its slivers straight from {@code src},
 * two vector gathers per sliver row, so the column matrix costs one pass instead of the im2col pass plus
 * the packing pass over a {@code k x p} matrix (on the discriminator's 7x7 planes those two passes took
 * as long as the product). {@code colIdx} is padded to whole slivers with a valid index; the products of
 * those columns land only in the discarded part of an edge tile.
 *
 * @param src    the padded input planes
 * @param rowOff offset of each row (tap), at least {@code depth} entries
 * @param colIdx offset of each column (position), at least {@code cols} rounded up to a multiple of nr
 * @param cols   columns of the operand
 */
record GatheredB(float[] src, int[] rowOff, int[] colIdx, int cols) {
    /** Scratch int tables of the calling thread: rows, columns. */
    private static final ThreadLocal<int[][]> TABLES = ThreadLocal.withInitial(() -> new int[2][0]);

    /** This thread's table {@code slot} (0 rows, 1 columns), grown to at least {@code size}. */
    static int[] table(int slot, int size) {
        int[][] t = TABLES.get();
        if (t[slot].length < size) {
            t[slot] = new int[Math.max(size, t[slot].length + t[slot].length / 2)];
        }
        return t[slot];
    }

    /**
     * Rows (or columns) of a padded input plane that holds the input after {@code before} zeros and every
     * element the convolution's last output reads.
     */
    private static int paddedExtent(int size, int before, int out, int stride, int kernel, int dilation) {
        return Math.max(size + before, (out - 1) * stride + (kernel - 1) * dilation + 1);
    }

    /** Pads {@code colIdx[cols ..< roundUp(cols, nr)]} with {@code colIdx[0]} (cols > 0). */
    static void padColumns(int[] colIdx, int cols, int nr) {
        Arrays.fill(colIdx, cols, GemmKernel.roundUp(cols, nr), colIdx[0]);
    }

    /**
     * Copies {@code samples} blocks of {@code planes} planes of {@code h x w} (block {@code s} starting at
     * {@code first + s * sampleStride} in {@code src}) into {@code dst} as planes of {@code hp x wp}, element
     * {@code (y, x)} at {@code (y + top, x + left)} and zeros around it. {@code hp >= h + top} and
     * {@code wp >= w + left}. Returns {@code dst}.
     */
    static float[] pad(float[] src, int first, int sampleStride, int samples, int planes, int h, int w, int top,
            int left, int hp, int wp, float[] dst) {
        return padSplit(src, first, sampleStride, samples, planes, h, w, top, left, hp, 1, wp, dst);
    }

    private static final VectorSpecies<Float> S = CpuVectors.F32;
    private static final int VL = S.length();
    /** Lane i takes element 2i (or 2i + 1) of two consecutive vectors. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);

    /**
     * One row of {@link #padSplit} for column stride 2 and no left padding (the discriminator's "same"
     * convolutions): entries {@code [0, wps)} take the even input columns, {@code [wps, 2 wps)} the odd
     * ones, {@code hi[rr]} of each being inside the input and the rest zeros. Two vector loads and a
     * two-vector rearrange per {@code VL} entries; the scalar loops were 30% of d.conv2's forward.
     */
    private static void splitRowByTwo(float[] src, int from, float[] dst, int row, int wps, int[] hi) {
        FloatVector zero = FloatVector.zero(S);
        for (int rr = 0; rr < 2; rr++) {
            int to = row + rr * wps;
            for (int idx0 = 0; idx0 < wps; idx0 += VL) {
                int valid = Math.clamp(hi[rr] - idx0, 0, VL);
                int room = Math.min(VL, wps - idx0);
                int x0 = from + 2 * idx0;
                if (valid > 0 && x0 + 2 * VL <= src.length) {
                    FloatVector v = FloatVector.fromArray(S, src, x0)
                            .rearrange(rr == 0 ? EVEN : ODD, FloatVector.fromArray(S, src, x0 + VL));
                    if (valid < VL) {
                        v = zero.blend(v, S.indexInRange(0, valid));
                    }
                    if (room == VL) {
                        v.intoArray(dst, to + idx0);
                    } else {
                        v.intoArray(dst, to + idx0, S.indexInRange(0, room));
                    }
                } else {
                    for (int idx = idx0; idx < idx0 + room; idx++) {
                        dst[to + idx] = idx < hi[rr] ? src[from + 2 * idx + rr] : 0f;
                    }
                }
            }
        }
    }

    /**
     * The rows of one plane for {@link #padSplit} where each parity of a row is exactly one vector: per row two
     * loads, the even and odd lanes of them, lanes past {@code hi} zeroed with masks made once per plane, and
     * two full stores ({@link #splitRowByTwo} built its masks and bounds per vector: 18% of d.conv2's forward on
     * one Zen 4 thread). Rows whose loads would pass the end of {@code src} take the general row copy.
     */
    private static void splitPlaneByTwo(float[] src, int from, int h, int w, float[] dst, int row, int wq, int[] hi) {
        FloatVector zero = FloatVector.zero(S);
        VectorMask<Float> keepEven = S.indexInRange(0, hi[0]);
        VectorMask<Float> keepOdd = S.indexInRange(0, hi[1]);
        int y = 0;
        for (; y < h && from + y * w + 2 * VL <= src.length; y++) {
            int x0 = from + y * w;
            FloatVector a = FloatVector.fromArray(S, src, x0);
            FloatVector b = FloatVector.fromArray(S, src, x0 + VL);
            int to = row + y * wq;
            zero.blend(a.rearrange(EVEN, b), keepEven).intoArray(dst, to);
            zero.blend(a.rearrange(ODD, b), keepOdd).intoArray(dst, to + VL);
        }
        for (; y < h; y++) {
            splitRowByTwo(src, from + y * w, dst, row + y * wq, VL, hi);
        }
    }

    /**
     * The column matrix of the forward convolution of samples {@code [b0, b0 + samples)}, group {@code g},
     * of {@code x} ({@link Im2col}'s rows and columns, samples side by side), gathered from a padded copy
     * in this thread's scratch slot {@link CpuConv#PADDED}, or from x itself where no padding is read.
     */
    static GatheredB im2col(float[] x, ConvPlan p, int b0, int samples, int g, int nr) {
        return columnMatrix(x, p, b0, samples, g, nr);
    }

    /**
     * The transpose of {@link #im2col} with its taps in channels-last order: rows are the output positions
     * of the samples (the weight gradient's depth), column {@code (u * kw + v) * cg + c} is the tap
     * (channel c, kernel row u, kernel column v), so that {@code gradW_g [og, (u, v, c)] = gradOut_g [og,
     * positions] @ cols^T} needs neither an im2col pass nor the packing of a {@code k x p} A operand. The
     * padded copy is channels-last too ({@code [sample][row][column][channel]}), so the taps of one kernel
     * position are consecutive in memory and {@link GemmF32#packB(GatheredB, int, int, int, int)} packs
     * them with plain vector loads; in the channels-first order they were runs of kw and took gathers (29%
     * of the classifier's c.conv2 weight gradient on Zen 3). The caller permutes the columns back to
     * {@code (c, u, v)}; each product's sums are those of the channels-first order.
     */
    static GatheredB im2colTransposed(float[] x, ConvPlan p, int b0, int samples, int g, int nr) {
        int h = p.h(), w = p.w(), cg = p.cg();
        int hp = paddedExtent(h, p.pt(), p.ho(), p.sh(), p.kh(), p.dh());
        int wp = paddedExtent(w, p.pl(), p.wo(), p.sw(), p.kw(), p.dw());
        int sampleSize = hp * wp * cg;
        float[] dst = CpuConv.scratch(CpuConv.PADDED, samples * sampleSize);
        Arrays.fill(dst, 0, samples * sampleSize, 0f);
        int first = (b0 * p.c() + g * cg) * h * w;
        // Position after position, the channels of one position in turn: the writes are consecutive and the
        // reads, one per channel plane, stay in the same cg cache lines for a whole row. Channel after channel
        // (writes cg floats apart, the sample's copy larger than L1) it was 23% of d.conv2's weight gradient.
        int hw = h * w;
        for (int s = 0; s < samples; s++) {
            int sampleFrom = first + s * p.c() * hw;
            for (int y = 0; y < h; y++) {
                int to = ((s * hp + y + p.pt()) * wp + p.pl()) * cg;
                int from = sampleFrom + y * w;
                for (int q = 0; q < w; q++, to += cg) {
                    for (int c = 0, at = from + q; c < cg; c++, at += hw) {
                        dst[to + c] = x[at];
                    }
                }
            }
        }
        int taps = p.k();
        int positions = samples * p.p();
        int[] tap = table(1, GemmKernel.roundUp(taps, nr));
        int r = 0;
        for (int u = 0; u < p.kh(); u++) {
            for (int v = 0; v < p.kw(); v++) {
                for (int c = 0; c < cg; c++) {
                    tap[r++] = (u * p.dh() * wp + v * p.dw()) * cg + c;
                }
            }
        }
        int[] pos = table(0, positions);
        int j = 0;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < p.ho(); i++) {
                for (int q = 0; q < p.wo(); q++) {
                    pos[j++] = ((s * hp + i * p.sh()) * wp + q * p.sw()) * cg;
                }
            }
        }
        padColumns(tap, taps, nr);
        return new GatheredB(dst, pos, tap, taps);
    }

    /** Column {@code (u * kw + v) * cg + c} of {@link #im2colTransposed} as an {@link Im2col} row {@code (c * kh + u) * kw + v}. */
    static int channelsFirstTap(int column, ConvPlan p) {
        int c = column % p.cg();
        int uv = column / p.cg();
        return c * p.kh() * p.kw() + uv;
    }

    private static GatheredB columnMatrix(float[] x, ConvPlan p, int b0, int samples, int g, int nr) {
        int h = p.h(), w = p.w(), cg = p.cg();
        int hp = paddedExtent(h, p.pt(), p.ho(), p.sh(), p.kh(), p.dh());
        int wp = paddedExtent(w, p.pl(), p.wo(), p.sw(), p.kw(), p.dw());
        // with GemmF32.gatherOnly (diagnostics), the plain padded layout read with strided positions
        boolean split = !GemmF32.gatherOnly;
        int sw = split ? p.sw() : 1;
        int step = split ? 1 : p.sw();
        // Along W the copy keeps the columns of each residue mod sw together (wps of each, row length
        // wq): padded column X is at (X mod sw) * wps + X / sw, so the output positions of one row read
        // consecutive floats for every tap and the packing takes vector loads instead of gathers (with
        // sw = 1 this is the plain padded layout).
        int wps = Math.ceilDiv(wp, sw);
        int wq = wps * sw;
        int first = (b0 * p.c() + g * cg) * h * w;
        // A unit-stride convolution that reads no padding gathers from x itself (the copy was 6% of the
        // classifier's c.conv2); otherwise from a zero-padded copy of the samples' planes.
        boolean unpadded = p.sw() == 1 && p.pt() == 0 && p.pl() == 0 && hp == h && wp == w;
        int sampleSize = unpadded ? p.c() * h * w : cg * hp * wq;
        float[] src;
        if (unpadded) {
            src = x;
        } else if (sw == 1) {
            src = pad(x, first, p.c() * h * w, samples, cg, h, w, p.pt(), p.pl(), hp, wp,
                    CpuConv.scratch(CpuConv.PADDED, samples * sampleSize));
        } else {
            src = padSplit(x, first, p.c() * h * w, samples, cg, h, w, p.pt(), p.pl(), hp, sw, wps,
                    CpuConv.scratch(CpuConv.PADDED, samples * sampleSize));
        }
        int origin = unpadded ? first : 0;
        int taps = p.k();
        int positions = samples * p.p();
        int[] tap = table(0, taps);
        int r = 0;
        for (int c = 0; c < cg; c++) {
            for (int u = 0; u < p.kh(); u++) {
                for (int v = 0; v < p.kw(); v++) {
                    int col = v * p.dw();
                    tap[r++] = origin + (c * hp + u * p.dh()) * wq + col % sw * wps + col / sw;
                }
            }
        }
        int[] pos = table(1, GemmKernel.roundUp(positions, nr));
        int j = 0;
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < p.ho(); i++) {
                int base = s * sampleSize + i * p.sh() * wq;
                for (int q = 0; q < p.wo(); q++) {
                    pos[j++] = base + q * step;
                }
            }
        }
        padColumns(pos, positions, nr);
        return new GatheredB(src, tap, pos, positions);
    }

    /** One padded row of unit column stride: {@code left} zeros, the {@code w} input values, zeros to {@code wp}. */
    private static void copyRow(float[] src, int from, int w, float[] dst, int to, int left, int wp) {
        for (int x = 0; x < left; x++) {
            dst[to + x] = 0f;
        }
        if (w <= 32) {
            for (int x = 0; x < w; x++) {
                dst[to + left + x] = src[from + x];
            }
        } else {
            System.arraycopy(src, from, dst, to + left, w);
        }
        for (int x = left + w; x < wp; x++) {
            dst[to + x] = 0f;
        }
    }

    /**
     * {@link #pad} with each padded row stored by residue of its column mod {@code sw}: padded column X
     * of a row at {@code (X mod sw) * wps + X / sw} of a row of {@code sw * wps} floats (with {@code sw = 1}
     * the plain padded layout). Only the border is zeroed: filling the whole copy first wrote it twice
     * (d.conv2's 14x14 input planes are four times its output, so the copy is not small beside the
     * product). Returns {@code dst}.
     */
    static float[] padSplit(float[] src, int first, int sampleStride, int samples, int planes, int h, int w, int top,
            int left, int hp, int sw, int wps, float[] dst) {
        int wq = sw * wps;
        int[] lo = new int[sw], hi = new int[sw];
        for (int rr = 0; rr < sw; rr++) {
            lo[rr] = Math.clamp(Math.ceilDiv(left - rr, sw), 0, wps);
            hi[rr] = Math.clamp(Math.ceilDiv(w + left - rr, sw), lo[rr], wps);
        }
        // one vector per parity and row (the discriminator's 14-wide planes on AVX2); its masks are made per plane
        // inside splitPlaneByTwo: passed in as arguments they were boxed once the backward passes had compiled this
        // method too, and d.conv2's forward took 9.8 ms instead of 6.4 at batch 256
        boolean oneVector = sw == 2 && left == 0 && wps == VL;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < planes; c++) {
                int from = first + s * sampleStride + c * h * w;
                int plane = (s * planes + c) * hp * wq;
                Arrays.fill(dst, plane, plane + top * wq, 0f);
                Arrays.fill(dst, plane + (top + h) * wq, plane + hp * wq, 0f);
                int row = plane + top * wq;
                if (oneVector) {
                    splitPlaneByTwo(src, from, h, w, dst, row, wq, hi);
                    continue;
                }
                for (int y = 0; y < h; y++, from += w, row += wq) {
                    if (sw == 1) {
                        copyRow(src, from, w, dst, row, left, wq);
                        continue;
                    }
                    if (sw == 2 && left == 0) {
                        splitRowByTwo(src, from, dst, row, wps, hi);
                        continue;
                    }
                    // residue rr holds padded columns rr, rr + sw, ...: entry idx is input column
                    // idx * sw + rr - left, inside the input for idx in [lo[rr], hi[rr])
                    for (int rr = 0; rr < sw; rr++) {
                        int to = row + rr * wps;
                        int a = lo[rr], b = hi[rr];
                        for (int idx = 0; idx < a; idx++) {
                            dst[to + idx] = 0f;
                        }
                        for (int idx = a, x = from + a * sw + rr - left; idx < b; idx++, x += sw) {
                            dst[to + idx] = src[x];
                        }
                        for (int idx = b; idx < wps; idx++) {
                            dst[to + idx] = 0f;
                        }
                    }
                }
            }
        }
        return dst;
    }
}
