package gradiente.tensor.cpu;

import gradiente.tensor.HeapStorage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 3x3 cross-correlations by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast
 * Algorithms for Convolutional Neural Networks", 2016): each 2x2 block of output positions of one output
 * channel is computed from a 4x4 tile of the input with 16 products per input channel instead of 36, so a
 * layer of many channels on small planes (the classifier's c.conv2, 64 -> 64 channels on 13x13) takes
 * about half the multiply-adds of the direct method.
 *
 * <p>In one dimension, outputs {@code y0 = d0 g0 + d1 g1 + d2 g2} and {@code y1 = d1 g0 + d2 g1 + d3 g2}
 * are {@code y0 = m0 + m1 + m2}, {@code y1 = m1 - m2 - m3} with the four products
 * <pre>
 *   m0 = (d0 - d2) g0,   m1 = (d1 + d2) (g0 + g1 + g2) / 2,   m2 = (d2 - d1) (g0 - g1 + g2) / 2,   m3 = (d1 - d3) g2,
 * </pre>
 * i.e. {@code y = A^T [(G g) . (B^T d)]} with {@code B^T d = (d0 - d2, d1 + d2, d2 - d1, d1 - d3)},
 * {@code G g = (g0, (g0 + g1 + g2)/2, (g0 - g1 + g2)/2, g2)} and {@code A^T m = (m0 + m1 + m2, m1 - m2 - m3)}.
 * Nesting it along rows and columns gives {@code Y = A^T [(G g G^T) . (B^T d B)] A} for a 2x2 output block.
 * Summed over input channels, each of the 16 tile positions {@code xi} is a matrix product
 * <pre>
 *   M_xi [o x tiles] = U_xi [o x c] @ V_xi [c x tiles],   U = G g G^T (the weights, once per call),  V = B^T d B,
 * </pre>
 * which runs on the packed SIMD GEMM ({@link PackedGemm}), the weights packed once for all tasks. A task is a
 * block of samples: it transforms their input tiles (vectors across the tiles of a tile row, read from an
 * even/odd split padded copy, {@link GatheredB#padSplit}), multiplies the 16 products and transforms the
 * results back into output rows. The constants are 0, +-1 and 1/2, exact in float32; the rounding is that of
 * a few more additions per output than the direct sum (tested against the scalar reference).
 *
 * <p>{@link CpuConv} takes it, with the kernel flipped and transposed, for the input gradient of stride-1 3x3
 * convolutions with at least {@link #MIN_CHANNELS} input and output channels per group: there it has half the
 * products of the zero-padded full correlation (c.conv2's input gradient on one Zen 4 thread, AVX2, 8.2-8.7 ms
 * against 10.1-13.0 ms). Forward passes keep im2col, which was as fast on c.conv2's 11x11 planes (tiles of a
 * row fill 6 of 8 lanes, and the parity split of the input costs a pass of its own).
 * {@code -Dgradiente.winograd=false} turns it off (to compare against the im2col path).
 */
final class ConvWinograd {
    /** Channels per group, on both sides, from which the transforms pay for themselves. */
    static final int MIN_CHANNELS = 16;
    /**
     * Whether the Winograd path is taken at all ({@code -Dgradiente.winograd=false} turns it off; benchmarks
     * and tests of this package may switch it to compare both paths in one JVM).
     */
    static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("gradiente.winograd"));
    /**
     * Tiles (GEMM columns) a task aims at; 36 to 400 (1 to 11 samples of c.conv2) timed alike on one Zen 4
     * thread.
     */
    static final int TASK_TILES = 192;

    private static final VectorSpecies<Float> S = CpuVectors.F32;
    /** Floats (one cache line) added between the 16 blocks of V and of M: see the task body. */
    private static final int SKEW = 16;
    private static final int VL = S.length();
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, i -> i % 2 == 0 ? i / 2 : VL + i / 2);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromOp(S,
            i -> i % 2 == 0 ? VL / 2 + i / 2 : VL + VL / 2 + i / 2);

    /** Scratch slots of the task bodies (CpuConv's COLS, PADDED and PADDED_GRAD). */
    private static final int V_SLOT = CpuConv.COLS, PADDED_SLOT = CpuConv.PADDED, M_SLOT = CpuConv.PADDED_GRAD;

    private ConvWinograd() {
    }

    /** Whether {@code p} is a stride-1, undilated 3x3 correlation this class computes. */
    static boolean suits(ConvPlan p) {
        return enabled && p.kh() == 3 && p.kw() == 3 && p.sh() == 1 && p.sw() == 1 && p.dh() == 1 && p.dw() == 1
                && p.cg() >= MIN_CHANNELS && p.og() >= MIN_CHANNELS && p.pt() >= 0 && p.pt() <= 2 && p.pl() >= 0
                && p.pl() <= 2 && p.ho() >= 2 && p.wo() >= 2;
    }

    /** Whether the input gradient of {@code p} is such a correlation (of the output gradient, kernel flipped). */
    static boolean suitsInputGradient(ConvPlan p) {
        return suits(p) && flipped(p) != null;
    }

    /**
     * The plan of the input gradient as a forward correlation: input gradOut {@code [n, o, ho, wo]}, weights
     * {@code [c, o/g, 3, 3]}, output {@code [n, c, h, w]}, padding {@code 2 - pad}; null where it does not suit.
     */
    private static ConvPlan flipped(ConvPlan p) {
        ConvPlan f = new ConvPlan(p.n(), p.o(), p.ho(), p.wo(), p.c(), p.groups(), 3, 3, 1, 1, 1, 1, 2 - p.pt(),
                2 - p.pl(), p.h(), p.w());
        return suits(f) ? f : null;
    }

    /** {@code gradIn [n, c, h, w]} of a stride-1 3x3 convolution from {@code gradOut [n, o, ho, wo]}, {@code w [o, c/g, 3, 3]}. */
    static void backwardInput(float[] gradOut, float[] w, float[] gradIn, ConvPlan p) {
        ConvPlan f = flipped(p);
        int og = p.og(), cg = p.cg();
        float[] wf = new float[w.length];
        // wf[g][ci][oi][u][v] = w[g][oi][ci][2 - u][2 - v]
        for (int g = 0; g < p.groups(); g++) {
            for (int oi = 0; oi < og; oi++) {
                for (int ci = 0; ci < cg; ci++) {
                    int src = ((g * og + oi) * cg + ci) * 9;
                    int dst = ((g * cg + ci) * og + oi) * 9;
                    for (int e = 0; e < 9; e++) {
                        wf[dst + e] = w[src + 8 - e];
                    }
                }
            }
        }
        forward(gradOut, wf, gradIn, f);
    }

    /** {@code out [n, o, ho, wo]} = the correlation of {@code x [n, c, h, w]} with {@code w [o, c/g, 3, 3]}. */
    static void forward(float[] x, float[] w, float[] out, ConvPlan p) {
        int og = p.og(), cg = p.cg(), groups = p.groups();
        int ty = Math.ceilDiv(p.ho(), 2), tx = Math.ceilDiv(p.wo(), 2), plane = ty * tx;
        GemmF32 kern0 = GemmF32.local();
        // U [xi][g][og][cg], then packed per (xi, g)
        float[] u = CpuConv.scratch(CpuConv.WEIGHTS, 16 * groups * og * cg);
        transformWeights(w, u, groups * og, cg);
        int slot = PrepackedA.size(og, cg, kern0);
        float[] packed = CpuConv.scratch(CpuConv.PACKED, 16 * groups * slot);
        PrepackedA[] weights = new PrepackedA[16 * groups];
        HeapStorage us = HeapStorage.wrap(u);
        for (int xi = 0; xi < 16; xi++) {
            for (int g = 0; g < groups; g++) {
                int at = xi * groups + g;
                weights[at] = PrepackedA.of(new MatrixOperand(us, (at * og) * cg, cg, 1), og, cg, kern0, packed,
                        at * slot);
            }
        }
        int per = CpuConv.samplesPerTask(p.n(), plane, TASK_TILES);
        int blocks = Math.ceilDiv(p.n(), per);
        // the padded copy: rows -pt .. 2 ty + 1 - pt, columns split by parity, tx + 1 of each (and the input's own)
        int hp = Math.max(2 * ty + 2, p.h() + p.pt());
        int wps = Math.max(tx + 1, Math.ceilDiv(p.w() + p.pl(), 2));
        CpuThreads.forRange(blocks * groups, 16L * og * cg * plane * per, (lo, hi) -> {
            GemmF32 kern = GemmF32.local();
            for (int t = lo; t < hi; t++) {
                int b0 = t / groups * per, g = t % groups;
                int samples = Math.min(per, p.n() - b0);
                int tiles = samples * plane;
                int cols = GemmKernel.roundUp(tiles, kern.nr());
                int inPlanes = samples * cg;
                float[] padded = GatheredB.padSplit(x, (b0 * p.c() + g * cg) * p.h() * p.w(), p.c() * p.h() * p.w(),
                        samples, cg, p.h(), p.w(), p.pt(), p.pl(), hp, 2, wps,
                        CpuConv.scratch(PADDED_SLOT, inPlanes * hp * 2 * wps + 2 * VL));
                // V [xi][cg][ldv]: rows of whole slivers plus a
                // vector, so that the input transform stores whole vectors, the lanes past a tile row landing on
                // the next one before it is written. The 16 blocks are one cache line further apart than their
                // size: at 64 channels x 240 floats they were a multiple of 4 KiB apart, and the transforms'
                // 16 streams then all fell into the same L1 sets.
                int ldv = cols + VL;
                int vStride = cg * ldv + SKEW;
                float[] v = CpuConv.scratch(V_SLOT, 16 * vStride + VL);
                for (int s = 0; s < samples; s++) {
                    for (int ci = 0; ci < cg; ci++) {
                        transformInput(padded, (s * cg + ci) * hp * 2 * wps, wps, ty, tx, v, ci * ldv + s * plane,
                                vStride);
                    }
                }
                int mStride = og * cols + SKEW;
                float[] m = CpuConv.scratch(M_SLOT, 16 * mStride + VL);
                int[] colIdx = GatheredB.table(1, cols);
                for (int j = 0; j < cols; j++) {
                    colIdx[j] = j;
                }
                HeapStorage ms = HeapStorage.wrap(m);
                int[] rowOff = new int[cg];
                for (int xi = 0; xi < 16; xi++) {
                    for (int ci = 0; ci < cg; ci++) {
                        rowOff[ci] = xi * vStride + ci * ldv;
                    }
                    PackedGemm.gemm(kern, weights[xi * groups + g], new GatheredB(v, rowOff, colIdx, tiles), ms,
                            xi * mStride, cols, false);
                }
                for (int s = 0; s < samples; s++) {
                    for (int oi = 0; oi < og; oi++) {
                        transformOutput(m, oi * cols + s * plane, mStride, ty, tx, out,
                                ((b0 + s) * p.o() + g * og + oi) * p.ho() * p.wo(), p.ho(), p.wo());
                    }
                }
            }
        });
    }

    /**
     * {@code u[xi][r][c] = (G g_rc G^T)[xi]} for the {@code rows x cols} 3x3 kernels {@code g_rc} of w, in
     * double and rounded once.
     */
    static void transformWeights(float[] w, float[] u, int rows, int cols) {
        double[] gg = new double[12];
        int n = rows * cols;
        for (int rc = 0; rc < n; rc++) {
            int k = rc * 9;
            // G g: 4 x 3 (rows of the kernel combined)
            for (int j = 0; j < 3; j++) {
                double g0 = w[k + j], g1 = w[k + 3 + j], g2 = w[k + 6 + j];
                gg[j] = g0;
                gg[3 + j] = (g0 + g1 + g2) * 0.5;
                gg[6 + j] = (g0 - g1 + g2) * 0.5;
                gg[9 + j] = g2;
            }
            // (G g) G^T: 4 x 4
            for (int i = 0; i < 4; i++) {
                double g0 = gg[3 * i], g1 = gg[3 * i + 1], g2 = gg[3 * i + 2];
                u[(4 * i) * n + rc] = (float) g0;
                u[(4 * i + 1) * n + rc] = (float) ((g0 + g1 + g2) * 0.5);
                u[(4 * i + 2) * n + rc] = (float) ((g0 - g1 + g2) * 0.5);
                u[(4 * i + 3) * n + rc] = (float) g2;
            }
        }
    }

    /**
     * The 16 transformed values {@code B^T d B} of every tile of one padded, parity-split input plane (at
     * {@code base}, rows of {@code 2 wps}: even columns, then odd ones) into {@code v[xi * xiStride + col0 + tile]}.
     * Written out without arrays of vectors, which C2 would not keep in registers.
     */
    private static void transformInput(float[] pad, int base, int wps, int ty, int tx, float[] v, int col0,
            int xiStride) {
        int rowLen = 2 * wps;
        for (int r = 0; r < ty; r++) {
            for (int c0 = 0; c0 < tx; c0 += VL) {
                int r0 = base + 2 * r * rowLen + c0, r1 = r0 + rowLen, r2 = r1 + rowLen, r3 = r2 + rowLen;
                int at = col0 + r * tx + c0;
                // one column j of W = d B at a time (its four rows), then that column of V = B^T W: at most
                // 8 vectors live, where all 16 of W spilled from AVX2's 16 registers
                for (int j = 0; j < 4; j++) {
                    // W[.][j] = d[.][p] -+ d[.][q], (p, q) = (0, 2), (1, 2), (2, 1), (1, 3); padded column 2 t + p
                    // is entry t + p / 2 of the row's parity-(p % 2) half
                    int p = j == 0 ? 0 : j == 2 ? 2 : 1;
                    int q = j == 0 ? 2 : j == 1 ? 2 : j == 2 ? 1 : 3;
                    int po = (p % 2) * wps + p / 2, qo = (q % 2) * wps + q / 2;
                    FloatVector w0 = combine(pad, r0 + po, r0 + qo, j), w1 = combine(pad, r1 + po, r1 + qo, j);
                    FloatVector w2 = combine(pad, r2 + po, r2 + qo, j), w3 = combine(pad, r3 + po, r3 + qo, j);
                    w0.sub(w2).intoArray(v, at + j * xiStride);
                    w1.add(w2).intoArray(v, at + (4 + j) * xiStride);
                    w2.sub(w1).intoArray(v, at + (8 + j) * xiStride);
                    w1.sub(w3).intoArray(v, at + (12 + j) * xiStride);
                }
            }
        }
    }

    /** Entry j of a row of {@code d B}: d_p - d_q for j = 0, 2, 3 and d_p + d_q for j = 1, from offsets po, qo. */
    private static FloatVector combine(float[] pad, int po, int qo, int j) {
        FloatVector dp = FloatVector.fromArray(S, pad, po), dq = FloatVector.fromArray(S, pad, qo);
        return j == 1 ? dp.add(dq) : dp.sub(dq);
    }

    /**
     * The 2x2 output blocks {@code A^T M A} of every tile of one output plane, from
     * {@code m[xi * xiStride + col0 + tile]}, into {@code out[outBase ..]} ({@code ho x wo}).
     */
    private static void transformOutput(float[] m, int col0, int xiStride, int ty, int tx, float[] out, int outBase,
            int ho, int wo) {
        // a whole-vector store spills past its row only onto later rows of the plane, written after it; stores
        // that would reach past the plane (which may be another task's) are masked
        int planeEnd = outBase + ho * wo;
        for (int r = 0; r < ty; r++) {
            for (int c0 = 0; c0 < tx; c0 += VL) {
                int col = 2 * c0;
                int lanes = Math.min(2 * VL, wo - col);
                int at = col0 + r * tx + c0;
                // T = A^T M column by column (row 0 = M0 + M1 + M2, row 1 = M1 - M2 - M3 of the tile's rows
                // M_i), folded at once into Y = T A: y00 = t0 + t1 + t2, y01 = t1 - t2 - t3 (row 0; y1. row 1),
                // so that no more than 10 vectors are live
                FloatVector m0 = FloatVector.fromArray(S, m, at), m1 = FloatVector.fromArray(S, m, at + 4 * xiStride);
                FloatVector m2 = FloatVector.fromArray(S, m, at + 8 * xiStride);
                FloatVector m3 = FloatVector.fromArray(S, m, at + 12 * xiStride);
                FloatVector y00 = m0.add(m1).add(m2), y10 = m1.sub(m2).sub(m3);
                m0 = FloatVector.fromArray(S, m, at + xiStride);
                m1 = FloatVector.fromArray(S, m, at + 5 * xiStride);
                m2 = FloatVector.fromArray(S, m, at + 9 * xiStride);
                m3 = FloatVector.fromArray(S, m, at + 13 * xiStride);
                FloatVector t0 = m0.add(m1).add(m2), t1 = m1.sub(m2).sub(m3);
                y00 = y00.add(t0);
                y10 = y10.add(t1);
                FloatVector y01 = t0, y11 = t1;
                m0 = FloatVector.fromArray(S, m, at + 2 * xiStride);
                m1 = FloatVector.fromArray(S, m, at + 6 * xiStride);
                m2 = FloatVector.fromArray(S, m, at + 10 * xiStride);
                m3 = FloatVector.fromArray(S, m, at + 14 * xiStride);
                t0 = m0.add(m1).add(m2);
                t1 = m1.sub(m2).sub(m3);
                y00 = y00.add(t0);
                y10 = y10.add(t1);
                y01 = y01.sub(t0);
                y11 = y11.sub(t1);
                m0 = FloatVector.fromArray(S, m, at + 3 * xiStride);
                m1 = FloatVector.fromArray(S, m, at + 7 * xiStride);
                m2 = FloatVector.fromArray(S, m, at + 11 * xiStride);
                m3 = FloatVector.fromArray(S, m, at + 15 * xiStride);
                y01 = y01.sub(m0.add(m1).add(m2));
                y11 = y11.sub(m1.sub(m2).sub(m3));
                int dst = outBase + 2 * r * wo + col;
                store(y00, y01, out, dst, dst + 2 * VL > planeEnd, lanes);
                if (2 * r + 1 < ho) {
                    store(y10, y11, out, dst + wo, dst + wo + 2 * VL > planeEnd, lanes);
                }
            }
        }
    }

    /** One output row segment: columns {@code 2 t} from y0, {@code 2 t + 1} from y1, interleaved; masked to {@code lanes}. */
    private static void store(FloatVector y0, FloatVector y1, float[] out, int dst, boolean masked, int lanes) {
        if (!masked) {
            y0.rearrange(ZIP_LO, y1).intoArray(out, dst);
            y0.rearrange(ZIP_HI, y1).intoArray(out, dst + VL);
            return;
        }
        int lo = Math.min(lanes, VL);
        y0.rearrange(ZIP_LO, y1).intoArray(out, dst, S.indexInRange(0, lo));
        if (lanes > VL) {
            y0.rearrange(ZIP_HI, y1).intoArray(out, dst + VL, S.indexInRange(0, lanes - VL));
        }
    }
}
