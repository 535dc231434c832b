package gradiente.tensor.cpu;

import gradiente.tensor.HeapStorage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The input gradient of a convolution, which is also the transposed convolution, computed as
 * {@code sh * sw} stride-1 correlations ("sub-pixel" phases) instead of GEMM + col2im, so that no
 * product lands on a zero of the stride and nothing is scattered with additions.
 *
 * <p>Input rows {@code y = ry + sh*t} of phase {@code ry} receive contributions only from the kernel
 * rows {@code u} with {@code (ry + pt - u*dh) mod sh = 0}, from gradient row {@code i = t + bu} where
 * {@code bu = (ry + pt - u*dh) / sh}; likewise for columns. So for each phase
 * {@code gradIn_phase[ci][t][s] = sum_{oi, u, v} w[oi][ci][u][v] * gradOut[oi][t + bu][s + bv]}: a
 * product {@code A [cg, og*|U|*|V|] @ cols [og*|U|*|V|, Ty*Tx]} with A a re-arranged copy of the
 * weight (made once per call) and cols gathered from contiguous runs of gradOut. Each input element
 * belongs to exactly one phase and is written once. With unit strides there is one phase, the
 * correlation of gradOut with the flipped, transposed kernel.
 */
final class ConvPhases {
    /**
     * One phase: its kernel rows and columns, their gradient offsets, its output extent and where its
     * weights {@code [groups][cg][og*|U|*|V|]} start in the call's weight buffer.
     */
    private record Phase(int ry, int rx, int[] us, int[] bu, int[] vs, int[] bv, int ty, int tx, int weights) {
        int depth(int og) {
            return og * us.length * vs.length;
        }
    }

    private ConvPhases() {
    }

    /** Kernel taps {@code u} of phase {@code r} along one axis, as {@code [u..., bu...]}. */
    private static int[][] taps(int r, int pad, int k, int d, int s) {
        List<int[]> found = new ArrayList<>();
        for (int u = 0; u < k; u++) {
            int off = r + pad - u * d;
            if (Math.floorMod(off, s) == 0) {
                found.add(new int[] {u, Math.floorDiv(off, s)});
            }
        }
        int[] us = new int[found.size()];
        int[] bs = new int[found.size()];
        for (int q = 0; q < us.length; q++) {
            us[q] = found.get(q)[0];
            bs[q] = found.get(q)[1];
        }
        return new int[][] {us, bs};
    }

    /** The phases of a plan, their re-arranged weights written to {@code a} (of {@code w.length} floats). */
    private static List<Phase> phases(float[] w, ConvPlan p, float[] a) {
        List<Phase> list = new ArrayList<>();
        int og = p.og(), cg = p.cg(), kh = p.kh(), kw = p.kw();
        int at = 0;
        for (int ry = 0; ry < p.sh(); ry++) {
            int[][] tu = taps(ry, p.pt(), kh, p.dh(), p.sh());
            for (int rx = 0; rx < p.sw(); rx++) {
                int[][] tv = taps(rx, p.pl(), kw, p.dw(), p.sw());
                int ty = Math.max(0, Math.ceilDiv(p.h() - ry, p.sh()));
                int tx = Math.max(0, Math.ceilDiv(p.w() - rx, p.sw()));
                list.add(new Phase(ry, rx, tu[0], tu[1], tv[0], tv[1], ty, tx, at));
                for (int g = 0; g < p.groups(); g++) {
                    for (int ci = 0; ci < cg; ci++) {
                        for (int oi = 0; oi < og; oi++) {
                            for (int u : tu[0]) {
                                for (int v : tv[0]) {
                                    a[at++] = w[(((g * og + oi) * cg + ci) * kh + u) * kw + v];
                                }
                            }
                        }
                    }
                }
            }
        }
        return list;
    }

    /** {@code gradIn [n, c, h, w]} from {@code gradOut [n, o, ho, wo]} and {@code w [o, c/g, kh, kw]}. */
    static void backwardInput(float[] gradOut, float[] w, float[] gradIn, ConvPlan p) {
        float[] weights = CpuConv.scratch(CpuConv.WEIGHTS, w.length);
        List<Phase> phases = phases(w, p, weights);
        int og = p.og(), cg = p.cg();
        HeapStorage gs = HeapStorage.wrap(gradIn);
        HeapStorage ws = HeapStorage.wrap(weights);
        // gradOut is read from zero-padded planes [og][hop][wop], element (i, j) at (i + padT, j + padL),
        // large enough for every phase's offsets: the gathers then need no bounds tests.
        int padT = 0, padL = 0, endY = p.ho(), endX = p.wo();
        for (Phase ph : phases) {
            for (int b : ph.bu) {
                padT = Math.max(padT, -b);
                endY = Math.max(endY, ph.ty - 1 + b + 1);
            }
            for (int b : ph.bv) {
                padL = Math.max(padL, -b);
                endX = Math.max(endX, ph.tx - 1 + b + 1);
            }
        }
        int top = padT, left = padL, hop = endY + padT, wop = endX + padL;
        int per = CpuConv.samplesPerTask(p.n(), Math.ceilDiv(p.h(), p.sh()) * Math.ceilDiv(p.w(), p.sw()),
                CpuConv.PHASE_COLUMNS);
        int blocks = Math.ceilDiv(p.n(), per);
        int parts = CpuConv.rowParts(blocks * p.groups(), cg);
        // every phase's weights [groups * cg, depth] packed once for all tasks
        int packedSize = 0;
        for (Phase ph : phases) {
            packedSize += CpuConv.prepackedSize(p.groups(), cg, parts, ph.depth(og));
        }
        float[] packed = CpuConv.scratch(CpuConv.PACKED, packedSize);
        PrepackedA[][] phaseWeights = new PrepackedA[phases.size()][];
        for (int i = 0, at = 0; i < phases.size(); i++) {
            Phase ph = phases.get(i);
            phaseWeights[i] = CpuConv.prepackRows(ws, ph.weights, p.groups(), cg, parts, ph.depth(og), packed, at);
            at += CpuConv.prepackedSize(p.groups(), cg, parts, ph.depth(og));
        }
        // stride 2 x 2 with rows of at most two vectors: the two column phases of each row parity are
        // written together, interleaved by vector rearranges (phases come ordered ry, then rx)
        boolean pairs = p.sh() == 2 && p.sw() == 2 && phases.size() == 4 && p.w() >= 2 && p.w() <= 2 * VL;
        CpuThreads.forRange(blocks * p.groups() * parts, (long) p.o() * p.k() * p.p() / p.groups() * per / parts, (lo, hi) -> {
            GemmF32 kern = GemmF32.local();
            for (int t = lo; t < hi; t++) {
                int part = t % parts;
                int b0 = t / parts / p.groups() * per;
                int g = t / parts % p.groups();
                int r0 = (int) ((long) part * cg / parts);
                int rows = (int) ((long) (part + 1) * cg / parts) - r0;
                int samples = Math.min(per, p.n() - b0);
                int rowBase = r0 * p.h() * p.w();
                int sampleSize = og * hop * wop;
                float[] padded = GatheredB.pad(gradOut, (b0 * p.o() + g * og) * p.ho() * p.wo(), p.o() * p.ho() * p.wo(),
                        samples, og, p.ho(), p.wo(), top, left, hop, wop, CpuConv.scratch(CpuConv.PADDED, samples * sampleSize));
                for (int phi = 0; phi < phases.size(); phi++) {
                    Phase ph = phases.get(phi);
                    int plane = ph.ty * ph.tx;
                    int cols = samples * plane;
                    int depth = ph.depth(og);
                    if (cols == 0) {
                        continue;
                    }
                    if (depth == 0 && !pairs) {
                        for (int s = 0; s < samples; s++) {
                            zero(gradIn, inBase(p, b0 + s, g) + rowBase, rows, ph, p);
                        }
                        continue;
                    }
                    if (p.sh() == 1 && p.sw() == 1 && samples == 1) {
                        GatheredB bm = columns(padded, sampleSize, samples, ph, og, top, left, hop, wop, kern.nr());
                        PackedGemm.gemm(kern, phaseWeights[phi][g * parts + part], bm, gs, inBase(p, b0, g) + rowBase,
                                cols, false);
                        continue;
                    }
                    // with pairs, the even-column phase of a row parity waits in the second buffer for its partner
                    boolean first = pairs && ph.rx == 0;
                    float[] out = CpuConv.scratch(first ? CpuConv.COLS : CpuConv.PADDED_GRAD, rows * cols + PAIR_SLACK);
                    if (depth == 0) {
                        Arrays.fill(out, 0, rows * cols, 0f);
                    } else {
                        GatheredB bm = columns(padded, sampleSize, samples, ph, og, top, left, hop, wop, kern.nr());
                        PackedGemm.gemm(kern, phaseWeights[phi][g * parts + part], bm, HeapStorage.wrap(out), 0, cols,
                                false);
                    }
                    if (first) {
                        continue;
                    }
                    for (int s = 0; s < samples; s++) {
                        if (pairs) {
                            Phase even = phases.get(phi - 1);
                            interleave(CpuConv.scratch(CpuConv.COLS, 0), samples * even.ty * even.tx, s * even.ty * even.tx,
                                    out, cols, s * plane, rows, ph, p, gradIn, inBase(p, b0 + s, g) + rowBase);
                        } else {
                            scatter(out, cols, s * plane, rows, ph, p, gradIn, inBase(p, b0 + s, g) + rowBase);
                        }
                    }
                }
            }
        });
    }

    /** Position of the first input channel of group g in sample b. */
    private static int inBase(ConvPlan p, int b, int g) {
        return (b * p.c() + g * p.cg()) * p.h() * p.w();
    }

    /**
     * The phase's column matrix as a gathered operand over padded gradient planes ({@code samples} blocks
     * of {@code og} planes of {@code hop x wop}, {@code sampleSize} apart): row {@code (oi, qu, qv)}, column
     * {@code (sample, t, s)} is {@code gradOut[oi][t + bu][s + bv]}, zero outside the gradient.
     */
    private static GatheredB columns(float[] padded, int sampleSize, int samples, Phase ph, int og, int top, int left,
            int hop, int wop, int nr) {
        int[] rows = GatheredB.table(0, ph.depth(og));
        int r = 0;
        for (int oi = 0; oi < og; oi++) {
            for (int bu : ph.bu) {
                for (int bv : ph.bv) {
                    rows[r++] = (oi * hop + bu + top) * wop + bv + left;
                }
            }
        }
        int cols = samples * ph.ty * ph.tx;
        int[] idx = GatheredB.table(1, GemmKernel.roundUp(cols, nr));
        int j = 0;
        for (int s = 0; s < samples; s++) {
            for (int t = 0; t < ph.ty; t++) {
                for (int x = 0; x < ph.tx; x++) {
                    idx[j++] = s * sampleSize + t * wop + x;
                }
            }
        }
        GatheredB.padColumns(idx, cols, nr);
        return new GatheredB(padded, rows, idx, cols);
    }

    /**
     * Writes the phase's {@code [rows, ty*tx]} result (rows {@code ldc} apart from column {@code col0}) to
     * input rows {@code ry + sh*t}, columns {@code rx + sw*s}, of {@code rows} channels from {@code inBase}.
     */
    private static void scatter(float[] out, int ldc, int col0, int rows, Phase ph, ConvPlan p, float[] gradIn,
            int inBase) {
        int h = p.h(), w = p.w(), ty = ph.ty, tx = ph.tx, sw = p.sw();
        for (int ci = 0; ci < rows; ci++) {
            int plane = inBase + ci * h * w;
            int src = ci * ldc + col0;
            for (int t = 0; t < ty; t++, src += tx) {
                int dst = plane + (ph.ry + p.sh() * t) * w + ph.rx;
                if (sw == 1) {
                    System.arraycopy(out, src, gradIn, dst, tx);
                } else {
                    for (int s = 0; s < tx; s++) {
                        gradIn[dst + s * sw] = out[src + s];
                    }
                }
            }
        }
    }

    private static final VectorSpecies<Float> S = CpuVectors.F32;
    private static final int VL = S.length();
    /** Floats past a phase result that vector loads of its last row may read. */
    private static final int PAIR_SLACK = VL;
    /** Lane i of a row of two interleaved vectors a, b: a[i / 2] for even i, b[i / 2] for odd i (low half, high half). */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, i -> i % 2 == 0 ? i / 2 : VL + i / 2);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromOp(S,
            i -> i % 2 == 0 ? VL / 2 + i / 2 : VL + VL / 2 + i / 2);

    /**
     * Writes the results of the phases {@code (ry, 0)} ({@code even}, ldc {@code ldcEven}) and
     * {@code (ry, 1)} (this {@code ph}, {@code out}) of one sample to the input rows {@code ry + 2 t}:
     * column {@code 2 s} from the first, {@code 2 s + 1} from the second, each row (at most 2 VL columns)
     * built by two rearranges of one vector of each and stored whole, where {@link #scatter} stored every
     * element alone (17% of d.conv2's input gradient).
     */
    private static void interleave(float[] even, int ldcEven, int colEven, float[] out, int ldc, int col0, int rows,
            Phase ph, ConvPlan p, float[] gradIn, int inBase) {
        int h = p.h(), w = p.w(), ty = ph.ty, txEven = Math.ceilDiv(w, 2), txOdd = ph.tx;
        int loLanes = Math.min(w, VL), hiLanes = w - loLanes;
        var loMask = S.indexInRange(0, loLanes);
        var hiMask = S.indexInRange(0, hiLanes);
        for (int ci = 0; ci < rows; ci++) {
            int plane = inBase + ci * h * w;
            int a = ci * ldcEven + colEven;
            int b = ci * ldc + col0;
            for (int t = 0; t < ty; t++, a += txEven, b += txOdd) {
                int dst = plane + (ph.ry + 2 * t) * w;
                FloatVector va = FloatVector.fromArray(S, even, a);
                FloatVector vb = FloatVector.fromArray(S, out, b);
                FloatVector lo = va.rearrange(ZIP_LO, vb);
                if (loLanes == VL) {
                    lo.intoArray(gradIn, dst);
                } else {
                    lo.intoArray(gradIn, dst, loMask);
                }
                if (hiLanes > 0) {
                    va.rearrange(ZIP_HI, vb).intoArray(gradIn, dst + VL, hiMask);
                }
            }
        }
    }

    private static void zero(float[] gradIn, int inBase, int rows, Phase ph, ConvPlan p) {
        int h = p.h(), w = p.w();
        for (int ci = 0; ci < rows; ci++) {
            int plane = inBase + ci * h * w;
            for (int t = 0; t < ph.ty; t++) {
                int dst = plane + (ph.ry + p.sh() * t) * w + ph.rx;
                for (int s = 0; s < ph.tx; s++) {
                    gradIn[dst + s * p.sw()] = 0f;
                }
            }
        }
    }
}
