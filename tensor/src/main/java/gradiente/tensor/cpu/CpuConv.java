package gradiente.tensor.cpu;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import java.util.Arrays;

/**
 * Fast float32 convolutions of {@link CpuBackend}: the column matrix of {@link Im2col} multiplied on the
 * packed SIMD GEMM ({@link PackedGemm#gemm}), one (sample, group) pair per task on the shared pool
 * ({@link CpuThreads}), with each thread's column matrix and GEMM pack buffers reused between calls.
 *
 * <ul>
 *   <li>Forward (seed 000 eq. 5): {@code out[b, g] (og x p) = W_g (og x k) @ cols(x[b, g]) (k x p)}.</li>
 *   <li>Input gradient, which is also the transposed convolution: for stride-1 3x3 kernels with 16+
 *       channels per group, Winograd's F(2x2, 3x3) ({@link ConvWinograd}); otherwise one stride-1
 *       correlation per stride phase ({@link ConvPhases}); for groups with very few input channels
 *       {@code cols = W_g^T (k x og) @ gradOut[b, g] (og x p)} scattered back by {@link Im2col#col2im}.</li>
 *   <li>Weight gradient: {@code gradW_g^T (k x og) = sum_b cols(x[b, g]) (k x p) @ gradOut[b, g]^T (p x og)}
 *       (or its transpose when k < og), each task summing its samples into its own partial, the
 *       partials added at the end.</li>
 * </ul>
 * Convolutions with very few output channels per group and unit stride along W take the direct kernels
 * of {@link ConvDirect} instead, where a GEMM with one or two rows would waste most of its register tile.
 * Inputs of any layout or dtype are first made contiguous float32; other output dtypes are left to the
 * reference (the methods return false).
 */
final class CpuConv {
    /** Input channels per group from which the input gradient is computed by stride phases. */
    static final int PHASE_MIN_ROWS = 8;

    /**
     * GEMM columns a forward task aims at on small planes. More columns per task pack the weights fewer
     * times and waste less of the last register tile (a 121-position plane fills 15.1 of 16 slivers with
     * 2 samples, 60.5 of 61 with 8); measured against 192 on one Zen 3 thread, interleaved in one JVM,
     * batch 64: the classifier's c.conv2 forward -16%, the discriminator's d.conv2 -7%. 480 against 640
     * (Zen 4, 2 threads, AVX2, best of 3 s each, two rounds): c.conv2 batch 64 3.20-3.28 ms against 3.37-3.39
     * (4 samples a task give 16 tasks where 6 gave 11, an uneven share for 2 threads), batch 256 13.0-13.6
     * against 13.7-13.8; d.conv2 level to -4%. The input gradient's phases keep {@link #PHASE_COLUMNS}: there
     * 640 was no faster on c.conv2. Results do not depend on it (the columns of a product are independent).
     */
    static final int FORWARD_COLUMNS = 480;
    /** GEMM columns an input-gradient phase task aims at on small planes ({@link ConvPhases}). */
    static final int PHASE_COLUMNS = 192;

    /** Scratch slots used inside the parallel task bodies. */
    static final int COLS = 0, PADDED = 1, PADDED_GRAD = 2;
    /** Scratch slots of the calling thread for one whole call (bodies may run on the caller too). */
    static final int PARTIALS = 3, WEIGHTS = 4, PACKED = 5;

    /**
     * Per-thread buffers, kept between calls: on this machine a fresh megabyte-sized array costs
     * milliseconds of page faults on first touch, as much as a small convolution.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][0]);

    private CpuConv() {
    }

    /** This thread's scratch buffer number {@code slot}, grown to at least {@code size} (contents undefined). */
    static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) {
            s[slot] = new float[Math.max(size, s[slot].length + s[slot].length / 2)];
        }
        return s[slot];
    }

    /** The values of {@code t} as a contiguous float32 array starting at position 0. */
    static float[] f32(Tensor t) {
        Tensor c = t.dtype() == DType.FLOAT32 ? t.contiguous() : t.to(DType.FLOAT32);
        return ReferenceBackend.heap(c).f32();
    }

    /** A computation writing a whole contiguous float32 array. */
    @FunctionalInterface
    interface Fill {
        void into(float[] out);
    }

    /** The float32 array of {@code t} when t is exactly that whole array in row-major order, else null. */
    static float[] wholeArray(Tensor t) {
        boolean whole = t.isContiguous() && t.layout().offset() == 0 && t.storage().length() == t.numel();
        return whole ? ReferenceBackend.heap(t).f32() : null;
    }

    /** Runs {@code body} on out's array, or on a temporary copied into out when out is a view. */
    static void intoOutput(Tensor out, Fill body) {
        float[] direct = wholeArray(out);
        if (direct != null) {
            body.into(direct);
            return;
        }
        float[] tmp = new float[out.numel()];
        body.into(tmp);
        out.backend().copy(new Tensor(HeapStorage.wrap(tmp), Layout.contiguous(out.shape())), out);
    }

    static boolean conv2d(Tensor x, Tensor w, Conv2dGeometry g, Tensor out) {
        if (out.dtype() != DType.FLOAT32) {
            return false;
        }
        if (out.numel() > 0) {
            ConvPlan p = ConvPlan.of(x.shape(), w.shape(), out.size(2), out.size(3), g);
            float[] xa = f32(x);
            float[] wa = f32(w);
            intoOutput(out, o -> forward(xa, wa, o, p));
        }
        return true;
    }

    static boolean conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, Tensor gradIn) {
        if (gradIn.dtype() != DType.FLOAT32) {
            return false;
        }
        if (gradIn.numel() > 0) {
            ConvPlan p = ConvPlan.of(gradIn.shape(), w.shape(), gradOut.size(2), gradOut.size(3), g);
            float[] ga = f32(gradOut);
            float[] wa = f32(w);
            intoOutput(gradIn, o -> backwardInput(ga, wa, o, p));
        }
        return true;
    }

    static boolean conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, Tensor gradW) {
        if (gradW.dtype() != DType.FLOAT32) {
            return false;
        }
        if (gradW.numel() > 0) {
            ConvPlan p = ConvPlan.of(x.shape(), gradW.shape(), gradOut.size(2), gradOut.size(3), g);
            float[] xa = f32(x);
            float[] ga = f32(gradOut);
            intoOutput(gradW, o -> backwardWeight(xa, ga, o, p));
        }
        return true;
    }

    // ------------------------------------------------------------------ forward

    /** {@code out [n, o, ho, wo]} = the convolution of {@code x [n, c, h, w]} with {@code w [o, c/g, kh, kw]}. */
    static void forward(float[] x, float[] w, float[] out, ConvPlan p) {
        int og = p.og(), k = p.k(), np = p.p();
        if (np == 0 || p.n() == 0) {
            return;
        }
        // ConvWinograd would also compute this forward pass when it suits (stride-1 3x3, 16+ channels): on c.conv2
        // it took 4.0-6.1 ms against im2col's 4.4-5.4 ms (2 Zen 4 threads, alternating in one JVM), no gain, so
        // only the input gradient takes it (8.2-8.7 ms against 10.1-13.0 on one thread)
        if (ConvDirect.suits(p)) {
            ConvDirect.forward(x, w, out, p);
            return;
        }
        HeapStorage ws = HeapStorage.wrap(w);
        HeapStorage os = HeapStorage.wrap(out);
        HeapStorage xs = HeapStorage.wrap(x);
        int per = samplesPerTask(p.n(), np, FORWARD_COLUMNS);
        int blocks = Math.ceilDiv(p.n(), per);
        int parts = rowParts(blocks * p.groups(), og);
        PrepackedA[] weights = prepackRows(ws, p.groups(), og, parts, k);
        CpuThreads.forRange(blocks * p.groups() * parts, (long) og * k * np * per / parts, (lo, hi) -> {
            GemmF32 kern = GemmF32.local();
            for (int t = lo; t < hi; t++) {
                int part = t % parts;
                int b0 = t / parts / p.groups() * per;
                int g = t / parts % p.groups();
                int r0 = (int) ((long) part * og / parts);
                int rows = (int) ((long) (part + 1) * og / parts) - r0;
                int samples = Math.min(per, p.n() - b0);
                int cols = samples * np;
                int oBase = (b0 * p.o() + g * og + r0) * np;
                MatrixOperand wg = new MatrixOperand(ws, (g * og + r0) * k, k, 1);
                if (samples == 1 && p.pointwise()) {
                    MatrixOperand xm = new MatrixOperand(xs, (b0 * p.c() + g * p.cg()) * p.h() * p.w(), np, 1);
                    PackedGemm.gemm(kern, wg, xm, os, oBase, np, rows, np, k, false);
                    continue;
                }
                GatheredB cm = GatheredB.im2col(x, p, b0, samples, g, kern.nr());
                PrepackedA wp = weights[g * parts + part];
                if (samples == 1) {
                    PackedGemm.gemm(kern, wp, cm, os, oBase, np, false);
                    continue;
                }
                float[] res = scratch(PADDED_GRAD, rows * cols);
                PackedGemm.gemm(kern, wp, cm, HeapStorage.wrap(res), 0, cols, false);
                for (int s = 0; s < samples; s++) {
                    for (int oi = 0; oi < rows; oi++) {
                        System.arraycopy(res, oi * cols + s * np, out, ((b0 + s) * p.o() + g * og + r0 + oi) * np, np);
                    }
                }
            }
        });
    }

    /**
     * The weight rows of every (group, part) pair, {@code W [groups * og, k]} row-major in {@code ws}, packed
     * once on the calling thread (into its scratch slot {@link #PACKED}) for all the tasks that multiply
     * them; part {@code q} of group g holds rows {@code [q og / parts, (q + 1) og / parts)} of the group.
     */
    static PrepackedA[] prepackRows(HeapStorage ws, int groups, int og, int parts, int k) {
        float[] packed = scratch(PACKED, prepackedSize(groups, og, parts, k));
        return prepackRows(ws, 0, groups, og, parts, k, packed, 0);
    }

    /** Floats that {@link #prepackRows} takes. */
    static int prepackedSize(int groups, int og, int parts, int k) {
        return groups * parts * PrepackedA.size(Math.ceilDiv(og, parts), k, GemmF32.local());
    }

    /** {@link #prepackRows(HeapStorage, int, int, int, int)} of W from {@code wBase}, into {@code packed} from {@code at}. */
    static PrepackedA[] prepackRows(HeapStorage ws, int wBase, int groups, int og, int parts, int k, float[] packed,
            int at) {
        GemmF32 kern = GemmF32.local();
        int slot = PrepackedA.size(Math.ceilDiv(og, parts), k, kern);
        PrepackedA[] out = new PrepackedA[groups * parts];
        for (int g = 0; g < groups; g++) {
            for (int part = 0; part < parts; part++) {
                int r0 = (int) ((long) part * og / parts);
                int rows = (int) ((long) (part + 1) * og / parts) - r0;
                out[g * parts + part] = PrepackedA.of(new MatrixOperand(ws, wBase + (g * og + r0) * k, k, 1), rows, k,
                        kern, packed, at + (g * parts + part) * slot);
            }
        }
        return out;
    }

    /**
     * Parts into which the GEMM rows (output channels) of each task are split, so that a small batch
     * (one image) still gives the pool 8 tasks: each part repeats the task's column matrix but computes
     * only its rows. Parts keep at least 16 rows; the rule does not depend on the machine.
     */
    static int rowParts(int tasks, int rows) {
        if (tasks >= 8) {
            return 1;
        }
        return Math.max(1, Math.min(Math.ceilDiv(8, tasks), rows / 16));
    }

    /**
     * Samples whose column matrices one task puts side by side: enough for about {@code columns} GEMM
     * columns when an output plane is small (a 7x7 plane alone fills 49 of 64 columns of two register tiles,
     * and every product re-packs the weights), but at most an eighth of the batch, so that the pool keeps at least
     * 8 tasks per group (the rule does not depend on the machine, so results do not either).
     */
    static int samplesPerTask(int n, int planeSize, int columns) {
        if (planeSize >= 128) {
            return 1;
        }
        int wanted = Math.ceilDiv(columns, Math.max(1, planeSize));
        return Math.max(1, Math.min(wanted, n / 8));
    }

    // ------------------------------------------------------------------ input gradient

    /**
     * {@code gradIn [n, c, h, w]} from {@code gradOut [n, o, ho, wo]} and {@code w [o, c/g, kh, kw]}: by
     * stride phases ({@link ConvPhases}) unless the group has so few input channels that the phases'
     * products would have fewer rows than a register tile, then by GEMM + col2im.
     */
    static void backwardInput(float[] gradOut, float[] w, float[] gradIn, ConvPlan p) {
        int og = p.og(), k = p.k(), np = p.p(), plane = p.cg() * p.h() * p.w();
        if (np == 0 || og == 0) {
            Arrays.fill(gradIn, 0f);
            return;
        }
        if (ConvWinograd.suitsInputGradient(p)) {
            // the full correlation of the padded output gradient with the flipped kernel, by F(2x2, 3x3)
            ConvWinograd.backwardInput(gradOut, w, gradIn, p);
            return;
        }
        if (p.cg() >= PHASE_MIN_ROWS || p.cg() >= og) {
            ConvPhases.backwardInput(gradOut, w, gradIn, p);
            return;
        }
        HeapStorage ws = HeapStorage.wrap(w);
        HeapStorage gs = HeapStorage.wrap(gradOut);
        CpuThreads.forRange(p.n() * p.groups(), (long) og * k * np, (lo, hi) -> {
            GemmKernel kern = GemmF32.local();
            float[] buf = scratch(COLS, k * np);
            HeapStorage cs = HeapStorage.wrap(buf);
            for (int t = lo; t < hi; t++) {
                int b = t / p.groups();
                int g = t % p.groups();
                MatrixOperand wt = new MatrixOperand(ws, g * og * k, 1, k);
                MatrixOperand go = new MatrixOperand(gs, (b * p.o() + g * og) * np, np, 1);
                PackedGemm.gemm(kern, wt, go, cs, 0, np, k, np, og, false);
                int base = (b * p.c() + g * p.cg()) * p.h() * p.w();
                Arrays.fill(gradIn, base, base + plane, 0f);
                Im2col.col2im(buf, np, 0, p, gradIn, base);
            }
        });
    }

    // ------------------------------------------------------------------ weight gradient

    /** {@code gradW [o, c/g, kh, kw]} from {@code x [n, c, h, w]} and {@code gradOut [n, o, ho, wo]}. */
    static void backwardWeight(float[] x, float[] gradOut, float[] gradW, ConvPlan p) {
        int og = p.og(), k = p.k(), np = p.p();
        if (np == 0 || p.n() == 0) {
            Arrays.fill(gradW, 0f);
            return;
        }
        int size = p.o() * k;
        // Several chunks per thread, so that work stealing evens out threads slowed by other processes.
        int chunks = Math.max(1, Math.min(4 * CpuThreads.parallelism(), p.n()));
        float[] partials = scratch(PARTIALS, chunks * size);
        boolean direct = ConvDirect.suits(p);
        // gradW_g [og, k] = gradOut_g [og, positions] @ cols^T [positions, k], with the positions of up to
        // `per` samples side by side as the GEMM's depth and cols^T gathered from the padded input.
        int per = Math.max(1, 1024 / np);
        HeapStorage ps = HeapStorage.wrap(partials);
        long work = (long) p.n() / chunks * p.o() * k * np;
        CpuThreads.forRange(chunks, work, (lo, hi) -> {
            GemmF32 kern = GemmF32.local();
            for (int ch = lo; ch < hi; ch++) {
                int b0 = (int) ((long) ch * p.n() / chunks);
                int b1 = (int) ((long) (ch + 1) * p.n() / chunks);
                if (direct || b0 == b1) {
                    Arrays.fill(partials, ch * size, (ch + 1) * size, 0f);
                }
                for (int b = b0; b < b1; b += direct ? 1 : per) {
                    int samples = direct ? 1 : Math.min(per, b1 - b);
                    for (int g = 0; g < p.groups(); g++) {
                        int pBase = ch * size + g * k * og;
                        if (direct) {
                            int xBase = (b * p.c() + g * p.cg()) * p.h() * p.w();
                            ConvDirect.weightGradient(x, xBase, gradOut, (b * p.o() + g * og) * np, partials, pBase, p);
                            continue;
                        }
                        int depth = samples * np;
                        float[] go = scratch(COLS, og * depth);
                        for (int oi = 0; oi < og; oi++) {
                            for (int s = 0; s < samples; s++) {
                                System.arraycopy(gradOut, ((b + s) * p.o() + g * og + oi) * np, go, oi * depth + s * np, np);
                            }
                        }
                        GatheredB colsT = GatheredB.im2colTransposed(x, p, b, samples, g, kern.nr());
                        PackedGemm.gemm(kern, new MatrixOperand(HeapStorage.wrap(go), 0, depth, 1), colsT, ps, pBase, k,
                                og, k, depth, b > b0);
                    }
                }
            }
        });
        // partial ch holds, per group, gradW_g [og, k] with k in (u, v, c) order (ConvDirect's: gradW_g^T
        // [k, og]): add them up in place, then permute (or transpose) into gradW [o, k].
        // in blocks of 4096 elements across the pool (on one thread this sum was a tenth of d.conv2's weight
        // gradient on two); each element still adds the chunks in order 1, 2, ..., so the sums do not change
        int block = 4096;
        CpuThreads.forRange(Math.ceilDiv(size, block), (long) block * chunks, (lo, hi) -> {
            for (int blk = lo; blk < hi; blk++) {
                int e0 = blk * block, e1 = Math.min(size, e0 + block);
                for (int ch = 1; ch < chunks; ch++) {
                    int base = ch * size;
                    for (int e = e0; e < e1; e++) {
                        partials[e] += partials[base + e];
                    }
                }
            }
        });
        if (!direct) {
            // columns in the channels-last tap order of GatheredB.im2colTransposed; the permutation computed once
            // (a division and a remainder per element were 8% of d.conv2's weight gradient)
            int[] tapOf = GatheredB.table(0, k);
            for (int col = 0; col < k; col++) {
                tapOf[col] = GatheredB.channelsFirstTap(col, p);
            }
            for (int g = 0; g < p.groups(); g++) {
                for (int oi = 0; oi < og; oi++) {
                    int row = (g * og + oi) * k;
                    for (int col = 0; col < k; col++) {
                        gradW[row + tapOf[col]] = partials[row + col];
                    }
                }
            }
            return;
        }
        for (int g = 0; g < p.groups(); g++) {
            for (int kk = 0; kk < k; kk++) {
                int src = g * k * og + kk * og;
                for (int oi = 0; oi < og; oi++) {
                    gradW[(g * og + oi) * k + kk] = partials[src + oi];
                }
            }
        }
    }
}
