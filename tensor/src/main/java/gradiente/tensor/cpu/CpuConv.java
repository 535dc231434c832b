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
 *   <li>Input gradient, which is also the transposed convolution: with unit strides, a forward
 *       convolution of gradOut with the transposed, flipped kernel ({@link ConvPlan#inputGradientAsForward});
 *       otherwise {@code cols = W_g^T (k x og) @ gradOut[b, g] (og x p)} scattered back by
 *       {@link Im2col#col2im}.</li>
 *   <li>Weight gradient: {@code gradW_g^T (k x og) = sum_b cols(x[b, g]) (k x p) @ gradOut[b, g]^T (p x og)},
 *       each task summing its samples into its own partial, the partials added at the end.</li>
 * </ul>
 * Convolutions with very few output channels per group and unit stride along W take the direct kernels
 * of {@link ConvDirect} instead, where a GEMM with one or two rows would waste most of its register tile.
 * Inputs of any layout or dtype are first made contiguous float32; other output dtypes are left to the
 * reference (the methods return false).
 */
final class CpuConv {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

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

    /** Runs {@code body} on out's array, or on a temporary copied into out when out is a view. */
    static void intoOutput(Tensor out, Fill body) {
        if (out.isContiguous() && out.layout().offset() == 0 && out.storage().length() == out.numel()) {
            body.into(ReferenceBackend.heap(out).f32());
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
        if (ConvDirect.suits(p)) {
            ConvDirect.forward(x, w, out, p);
            return;
        }
        HeapStorage ws = HeapStorage.wrap(w);
        HeapStorage os = HeapStorage.wrap(out);
        HeapStorage xs = HeapStorage.wrap(x);
        CpuThreads.forRange(p.n() * p.groups(), (long) og * k * np, (lo, hi) -> {
            GemmKernel kern = GemmF32.local();
            for (int t = lo; t < hi; t++) {
                int b = t / p.groups();
                int g = t % p.groups();
                int xBase = (b * p.c() + g * p.cg()) * p.h() * p.w();
                MatrixOperand cols;
                if (p.pointwise()) {
                    cols = new MatrixOperand(xs, xBase, np, 1);
                } else {
                    float[] buf = scratch(0, k * np);
                    Im2col.im2col(x, xBase, p, buf, np, 0);
                    cols = new MatrixOperand(HeapStorage.wrap(buf), 0, np, 1);
                }
                MatrixOperand wg = new MatrixOperand(ws, g * og * k, k, 1);
                PackedGemm.gemm(kern, wg, cols, os, (b * p.o() + g * og) * np, np, og, np, k, false);
            }
        });
    }

    // ------------------------------------------------------------------ input gradient

    /** {@code gradIn [n, c, h, w]} from {@code gradOut [n, o, ho, wo]} and {@code w [o, c/g, kh, kw]}. */
    static void backwardInput(float[] gradOut, float[] w, float[] gradIn, ConvPlan p) {
        if (p.sh() == 1 && p.sw() == 1 && p.cg() >= p.og()) {
            forward(gradOut, transposeFlip(w, p), gradIn, p.inputGradientAsForward());
            return;
        }
        int og = p.og(), k = p.k(), np = p.p(), plane = p.cg() * p.h() * p.w();
        if (np == 0 || og == 0) {
            Arrays.fill(gradIn, 0f);
            return;
        }
        HeapStorage ws = HeapStorage.wrap(w);
        HeapStorage gs = HeapStorage.wrap(gradOut);
        CpuThreads.forRange(p.n() * p.groups(), (long) og * k * np, (lo, hi) -> {
            GemmKernel kern = GemmF32.local();
            float[] buf = scratch(0, k * np);
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

    /** {@code w [o, c/g, kh, kw]} as {@code [c, o/g, kh, kw]}, transposed within each group and flipped in space. */
    static float[] transposeFlip(float[] w, ConvPlan p) {
        int og = p.og(), cg = p.cg(), kk = p.kh() * p.kw();
        float[] t = new float[w.length];
        for (int g = 0; g < p.groups(); g++) {
            for (int oi = 0; oi < og; oi++) {
                for (int ci = 0; ci < cg; ci++) {
                    int src = ((g * og + oi) * cg + ci) * kk;
                    int dst = ((g * cg + ci) * og + oi) * kk;
                    for (int e = 0; e < kk; e++) {
                        t[dst + kk - 1 - e] = w[src + e];
                    }
                }
            }
        }
        return t;
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
        int chunks = Math.max(1, Math.min(CpuThreads.parallelism(), p.n()));
        float[] partials = new float[chunks * size];
        boolean direct = ConvDirect.suits(p);
        HeapStorage xs = HeapStorage.wrap(x);
        HeapStorage gs = HeapStorage.wrap(gradOut);
        HeapStorage ps = HeapStorage.wrap(partials);
        long work = (long) p.n() / chunks * p.o() * k * np;
        CpuThreads.forRange(chunks, work, (lo, hi) -> {
            GemmKernel kern = GemmF32.local();
            for (int ch = lo; ch < hi; ch++) {
                int b0 = (int) ((long) ch * p.n() / chunks);
                int b1 = (int) ((long) (ch + 1) * p.n() / chunks);
                for (int b = b0; b < b1; b++) {
                    for (int g = 0; g < p.groups(); g++) {
                        int xBase = (b * p.c() + g * p.cg()) * p.h() * p.w();
                        int gBase = (b * p.o() + g * og) * np;
                        int pBase = ch * size + g * k * og;
                        if (direct) {
                            ConvDirect.weightGradient(x, xBase, gradOut, gBase, partials, pBase, p, b > b0);
                            continue;
                        }
                        MatrixOperand cols;
                        if (p.pointwise()) {
                            cols = new MatrixOperand(xs, xBase, np, 1);
                        } else {
                            float[] buf = scratch(0, k * np);
                            Im2col.im2col(x, xBase, p, buf, np, 0);
                            cols = new MatrixOperand(HeapStorage.wrap(buf), 0, np, 1);
                        }
                        MatrixOperand goT = new MatrixOperand(gs, gBase, 1, np);
                        PackedGemm.gemm(kern, cols, goT, ps, pBase, og, k, og, np, b > b0);
                    }
                }
            }
        });
        // partial ch holds, per group, gradW_g^T [k, og]; sum them into gradW [o, k].
        for (int g = 0; g < p.groups(); g++) {
            for (int oi = 0; oi < og; oi++) {
                int dst = (g * og + oi) * k;
                for (int kk = 0; kk < k; kk++) {
                    float s = 0f;
                    for (int ch = 0; ch < chunks; ch++) {
                        s += partials[ch * size + g * k * og + kk * og + oi];
                    }
                    gradW[dst + kk] = s;
                }
            }
        }
    }
}
