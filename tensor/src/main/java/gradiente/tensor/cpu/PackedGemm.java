package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import java.util.function.Supplier;

/**
 * The packed, cache-blocked, multi-threaded matrix product {@code out[..., M, N] = a[..., M, K] @
 * b[..., K, N]} (seed 002, section 2.3: a dense layer is one such product per batch).
 *
 * <p>Blocking follows the classic Goto/BLIS scheme. The output of every batch is cut into a few
 * rectangular tasks that the shared pool ({@link CpuThreads}) runs in parallel; inside a task,
 * <pre>
 *   for jc in columns step NC:            B block [KC x NC] lives in L3
 *     for pc in 0..K step KC:             pack B[pc.., jc..] into NR-column slivers
 *       for ic in rows step MC:           pack A[ic.., pc..] into MR-row slivers (L2)
 *         macro-kernel: for each B sliver (L1) x each A sliver: MR x NR register tile += A B
 * </pre>
 * Packing reads the operands through their strides, so transposed, stepped, expanded (stride 0),
 * flipped (negative strides) and mixed-dtype operands all run the same micro-kernel. The first depth
 * block overwrites C, later ones add to it. The output's dtype selects float32 or float64 kernels.
 */
final class PackedGemm {
    /** Below this many multiply-adds in total the product runs on the calling thread only. */
    static final long PARALLEL_WORK = 1L << 18;

    private PackedGemm() {
    }

    /**
     * Computes the product. Preconditions (checked by the caller): {@code k > 0}, {@code out} has unit
     * stride along its last dimension and does not share storage with {@code a} or {@code b}.
     */
    static void matmul(Tensor a, Tensor b, Tensor out) {
        int r = out.rank();
        int m = out.size(r - 2);
        int n = out.size(r - 1);
        int k = a.size(r - 1);
        if (out.numel() == 0 || k == 0) {
            return;
        }
        HeapStorage os = ReferenceBackend.heap(out);
        Supplier<GemmKernel> kernels = os.dtype() == DType.FLOAT32 ? GemmF32::local : GemmF64::local;
        GemmKernel probe = kernels.get();
        Layout batchA = ReferenceBackend.batchLayout(a.layout());
        Layout batchB = ReferenceBackend.batchLayout(b.layout());
        Layout batchO = ReferenceBackend.batchLayout(out.layout());
        int batches = batchO.numel();
        long work = (long) batches * m * n * Math.max(k, 1);
        int target = work < PARALLEL_WORK ? 1 : 2 * CpuThreads.parallelism();
        int[] split = split(m, n, (target + batches - 1) / batches, probe.mr(), probe.nr());
        int tileM = GemmKernel.roundUp((m + split[0] - 1) / split[0], probe.mr());
        int tileN = GemmKernel.roundUp((n + split[1] - 1) / split[1], probe.nr());
        int tilesM = (m + tileM - 1) / tileM;
        int tilesN = (n + tileN - 1) / tileN;
        int perBatch = tilesM * tilesN;
        HeapStorage as = ReferenceBackend.heap(a);
        HeapStorage bs = ReferenceBackend.heap(b);
        int ldc = out.layout().stride(r - 2);
        CpuThreads.forRange(batches * perBatch, (long) tileM * tileN * Math.max(k, 1), (lo, hi) -> {
            GemmKernel kern = kernels.get();
            for (int t = lo; t < hi; t++) {
                int bi = t / perBatch;
                int ti = (t % perBatch) / tilesN;
                int tj = t % tilesN;
                MatrixOperand ma = new MatrixOperand(as, batchA.positionOfFlat(bi), a.layout().stride(r - 2), a.layout().stride(r - 1));
                MatrixOperand mb = new MatrixOperand(bs, batchB.positionOfFlat(bi), b.layout().stride(r - 2), b.layout().stride(r - 1));
                int i0 = ti * tileM;
                int j0 = tj * tileN;
                block(kern, (kk, i, rows, p0, depth) -> kk.packA(ma, i, rows, p0, depth),
                        (kk, p0, depth, jc, cols) -> kk.packB(mb, p0, depth, jc, cols), os,
                        batchO.positionOfFlat(bi), ldc, i0, Math.min(m, i0 + tileM), j0, Math.min(n, j0 + tileN), k, false);
            }
        });
    }

    /**
     * Chooses a rows x columns split into at least {@code target} tasks that packs the least: every
     * column task packs all of its rows of A and every row task all of its columns of B, so the packing
     * per unit of depth is {@code sn m + sm n}. A product with a short side (the DCGAN's dense layers,
     * {@code [256, 6272] @ [6272, 100]}) is then cut along its long side only, instead of into near-square
     * tiles that would each repack most of the large operand. Tiles keep at least one register tile
     * ({@code mr} rows, {@code nr} columns) where they can; the split never changes results.
     */
    static int[] split(int m, int n, int target, int mr, int nr) {
        int[] best = null;
        long bestCost = Long.MAX_VALUE;
        for (int sm = 1; sm <= target; sm++) {
            int sn = Math.ceilDiv(target, sm);
            boolean fits = (sm == 1 || m / sm >= mr) && (sn == 1 || n / sn >= nr);
            long cost = (long) sn * m + (long) sm * n;
            if (fits && cost < bestCost) {
                best = new int[] {sm, sn};
                bestCost = cost;
            }
        }
        return best != null ? best : greedySplit(m, n, target, mr, nr);
    }

    /** Rows x columns splits grown one at a time while tiles stay at least mr x nr (small products). */
    private static int[] greedySplit(int m, int n, int target, int mr, int nr) {
        int sm = 1;
        int sn = 1;
        while (sm * sn < target) {
            boolean canM = m / (sm + 1) >= mr;
            boolean canN = n / (sn + 1) >= nr;
            if (canM && (!canN || m / sm >= n / sn)) {
                sm++;
            } else if (canN) {
                sn++;
            } else {
                break;
            }
        }
        return new int[] {sm, sn};
    }

    /**
     * One whole product {@code C[m x n] (+)= A[m x k] B[k x n]} on the calling thread with that thread's
     * kernel (for callers that already run in parallel, such as the convolutions of {@link CpuConv}). C
     * starts at {@code cBase} in {@code out} with row stride {@code ldc} and unit column stride; with
     * {@code accumulate} the product is added to C's values, otherwise it overwrites them. {@code k > 0}.
     */
    static void gemm(GemmKernel kern, MatrixOperand a, MatrixOperand b, HeapStorage out, int cBase, int ldc, int m,
            int n, int k, boolean accumulate) {
        block(kern, (kk, i, rows, p0, depth) -> kk.packA(a, i, rows, p0, depth),
                (kk, p0, depth, jc, cols) -> kk.packB(b, p0, depth, jc, cols), out, cBase, ldc, 0, m, 0, n, k, accumulate);
    }

    /**
     * {@link #gemm(GemmKernel, MatrixOperand, MatrixOperand, HeapStorage, int, int, int, int, int, boolean)} with
     * a gathered B (a convolution's column matrix packed straight from the padded input).
     */
    static void gemm(GemmF32 kern, MatrixOperand a, GatheredB b, HeapStorage out, int cBase, int ldc, int m, int n,
            int k, boolean accumulate) {
        if (n == b.cols() && takesShortA(GemmKernel.roundUp(m, kern.mr()), k, kern)) {
            // a short A (the weight gradient's output gradient rows): packed whole, then B a few slivers at a time
            int size = PrepackedA.size(m, k, kern);
            float[] buf = SHORT_A.get();
            if (buf.length < size) {
                buf = new float[Math.max(size, buf.length + buf.length / 2)];
                SHORT_A.set(buf);
            }
            shortA(kern, PrepackedA.of(a, m, k, kern, buf, 0), b, out, cBase, ldc, accumulate);
            return;
        }
        block(kern, (kk, i, rows, p0, depth) -> kk.packA(a, i, rows, p0, depth),
                (kk, p0, depth, jc, cols) -> ((GemmF32) kk).packB(b, p0, depth, jc, cols), out, cBase, ldc, 0, m, 0, n,
                k, accumulate);
    }

    /**
     * The same product with a prepacked A (its m and k are the product's), so that only B is packed here.
     */
    static void gemm(GemmF32 kern, PrepackedA a, GatheredB b, HeapStorage out, int cBase, int ldc, boolean accumulate) {
        if (a.kc() != kern.kc()) {
            throw new IllegalArgumentException("PackedGemm: A was packed for kc=" + a.kc() + ", the kernel has kc="
                    + kern.kc());
        }
        if (takesShortA(a.mPad(), a.k(), kern)) {
            shortA(kern, a, b, out, cBase, ldc, accumulate);
            return;
        }
        block(kern, (kk, i, rows, p0, depth) -> ((GemmF32) kk).useA(a.data(), a.offset(i, p0)),
                (kk, p0, depth, jc, cols) -> ((GemmF32) kk).packB(b, p0, depth, jc, cols), out, cBase, ldc, 0, a.m(), 0,
                b.cols(), a.k(), accumulate);
    }

    /**
     * The product for an A whose depth blocks fit in half of L2 (a convolution's weights: 64 rows of 576
     * taps are 147 KB): all of A's rows at once, and B packed a few slivers at a time, each group
     * multiplied by all of A right after its packing, while it is still in L1/L2. The Goto order packs a
     * whole {@code kc x nc} B block first and streams it from L3 once per {@code mc} rows of A; with
     * the classifier's c.conv2 (2.2 MB blocks) the forward then ran no faster on 2 threads than on one.
     * Every element is the same sum as in {@link #block}.
     */
    private static void shortA(GemmF32 kern, PrepackedA a, GatheredB b, HeapStorage out, int cBase, int ldc,
            boolean accumulate) {
        long l2 = CacheSizes.MACHINE.l2();
        int nr = kern.nr(), n = b.cols(), k = a.k();
        for (int pc = 0; pc < k; pc += kern.kc()) {
            int kcb = Math.min(kern.kc(), k - pc);
            int group = (int) Math.clamp(l2 / 4 / ((long) kcb * Float.BYTES) / nr, 1, kern.nc() / nr) * nr;
            for (int j0 = 0; j0 < n; j0 += group) {
                int cols = Math.min(group, n - j0);
                kern.packB(b, pc, kcb, j0, cols);
                kern.useA(a.data(), a.offset(0, pc));
                kern.macro(a.m(), cols, kcb, out, cBase + j0, ldc, accumulate || pc > 0);
            }
        }
    }

    /** Whether an A of {@code mPad} (padded) rows and depth {@code k} takes the {@link #shortA} order. */
    private static boolean takesShortA(int mPad, int k, GemmF32 kern) {
        return (long) mPad * Math.min(kern.kc(), k) * Float.BYTES <= CacheSizes.MACHINE.l2() / 2;
    }

    /** How one {@code rows x depth} block of A reaches the kernel (packed now, or a prepacked block). */
    @FunctionalInterface
    private interface PackA {
        void pack(GemmKernel kern, int i0, int rows, int p0, int depth);
    }

    /** This thread's buffer for a short A packed whole (see {@link #shortA}). */
    private static final ThreadLocal<float[]> SHORT_A = ThreadLocal.withInitial(() -> new float[0]);

    /** How one {@code depth x cols} block of B is packed into a kernel's buffer. */
    @FunctionalInterface
    private interface PackB {
        void pack(GemmKernel kern, int p0, int depth, int j0, int cols);
    }

    /** The Goto loops over one output rectangle {@code [i0, i1) x [j0, j1)}. */
    private static void block(GemmKernel kern, PackA a, PackB b, HeapStorage out, int cBase, int ldc,
            int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        for (int jc = j0; jc < j1; jc += kern.nc()) {
            int nc = Math.min(kern.nc(), j1 - jc);
            for (int pc = 0; pc < k; pc += kern.kc()) {
                int kc = Math.min(kern.kc(), k - pc);
                b.pack(kern, pc, kc, jc, nc);
                for (int ic = i0; ic < i1; ic += kern.mc()) {
                    int mc = Math.min(kern.mc(), i1 - ic);
                    a.pack(kern, ic, mc, pc, kc);
                    kern.macro(mc, nc, kc, out, cBase + ic * ldc + jc, ldc, accumulate || pc > 0);
                }
            }
        }
    }
}
