package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 GEMM kernel: an {@code mr x (2 vectors)} register tile (4 x 16 on AVX2, 6 x 32 on AVX-512,
 * see {@link GemmBlocking}) computed with fused multiply-adds, {@code C_tile += sum_p a[:, p] (outer)
 * b[p, :]}, over packed A slivers (mr rows, column after column) and B slivers (nr columns, row after
 * row). Accumulation is in float32, one multiply-add chain per element in the order of p.
 */
final class GemmF32 extends GemmKernel {
    private static final VectorSpecies<Float> S = CpuVectors.F32;
    private static final int VL = S.length();
    /** This machine's blocking for float32. */
    static final GemmBlocking MACHINE = GemmBlocking.machine(VL, Float.BYTES);

    private static final ThreadLocal<GemmF32> LOCAL = ThreadLocal.withInitial(() -> new GemmF32(MACHINE));

    /**
     * Diagnostic switch: when set, {@link #packB(GatheredB, int, int, int, int)} gathers every sliver half
     * and {@link GatheredB#im2col} keeps strided convolutions' padded copy in the plain layout (the paths
     * before loads were used), so that tests and probes compare both paths in one JVM.
     */
    static volatile boolean gatherOnly;

    private final int mr;
    private final int nr;
    private final int kc;
    private final int mc;
    private final int nc;
    private final float[] packA;
    private final float[] packB;
    private final float[] edge;
    /** Where the micro-kernels read the current A block: {@link #packA} or a prepacked operand. */
    private float[] aSrc;
    private int aOff;

    /** A kernel with the given blocking (its nr must be two vectors of this machine). */
    GemmF32(GemmBlocking blocking) {
        if (blocking.nr() != 2 * VL || (blocking.mr() != 4 && blocking.mr() != 6)) {
            throw new IllegalArgumentException("GemmF32: no micro-kernel for " + blocking + " with " + VL + " lanes");
        }
        mr = blocking.mr();
        nr = blocking.nr();
        kc = blocking.kc();
        mc = blocking.mc();
        nc = blocking.nc();
        packA = new float[mc * kc];
        packB = new float[kc * nc];
        edge = new float[mr * nr];
        aSrc = packA;
    }

    /** This thread's instance (pack buffers allocated once per thread). */
    static GemmF32 local() {
        return LOCAL.get();
    }

    @Override
    int mr() {
        return mr;
    }

    @Override
    int nr() {
        return nr;
    }

    @Override
    int kc() {
        return kc;
    }

    @Override
    int mc() {
        return mc;
    }

    @Override
    int nc() {
        return nc;
    }

    @Override
    void packA(MatrixOperand a, int i0, int rows, int p0, int depth) {
        pack(a, i0, rows, p0, depth, mr, packA, 0);
        aSrc = packA;
        aOff = 0;
    }

    /**
     * Makes the next {@link #macro} read its A block from {@code data} at {@code offset} (a block of a
     * {@link PrepackedA}, in the layout {@link #packA} writes) instead of packing it.
     */
    void useA(float[] data, int offset) {
        aSrc = data;
        aOff = offset;
    }

    /**
     * Packs {@code A[i0 .. i0+rows, p0 .. p0+depth]} into {@code dst} at {@code at}: {@code mr}-row slivers,
     * column after column, rows past the end as zeros.
     */
    static void pack(MatrixOperand a, int i0, int rows, int p0, int depth, int mr, float[] dst, int at) {
        int cs = a.colStride();
        boolean same = a.storage().dtype() == DType.FLOAT32;
        float[] src = same ? a.storage().f32() : null;
        for (int s = 0; s * mr < rows; s++) {
            int base = at + s * mr * depth;
            for (int r = 0; r < mr; r++) {
                int i = s * mr + r;
                if (i >= rows) {
                    for (int p = 0; p < depth; p++) {
                        dst[base + p * mr + r] = 0f;
                    }
                    continue;
                }
                int pos = a.position(i0 + i, p0);
                if (same) {
                    for (int p = 0; p < depth; p++, pos += cs) {
                        dst[base + p * mr + r] = src[pos];
                    }
                } else {
                    for (int p = 0; p < depth; p++, pos += cs) {
                        dst[base + p * mr + r] = (float) a.storage().get(pos);
                    }
                }
            }
        }
    }

    @Override
    void packB(MatrixOperand b, int p0, int depth, int j0, int cols) {
        int cs = b.colStride();
        boolean same = b.storage().dtype() == DType.FLOAT32;
        float[] src = same ? b.storage().f32() : null;
        for (int s = 0; s * nr < cols; s++) {
            int width = Math.min(nr, cols - s * nr);
            int dst = s * nr * depth;
            for (int p = 0; p < depth; p++, dst += nr) {
                int pos = b.position(p0 + p, j0 + s * nr);
                if (same && cs == 1 && width == nr) {
                    // a whole sliver row is two vectors: cheaper than an arraycopy call of 2 VL elements
                    FloatVector.fromArray(S, src, pos).intoArray(packB, dst);
                    FloatVector.fromArray(S, src, pos + VL).intoArray(packB, dst + VL);
                } else if (same && cs == 1) {
                    System.arraycopy(src, pos, packB, dst, width);
                } else if (same) {
                    for (int c = 0; c < width; c++, pos += cs) {
                        packB[dst + c] = src[pos];
                    }
                } else {
                    for (int c = 0; c < width; c++, pos += cs) {
                        packB[dst + c] = (float) b.storage().get(pos);
                    }
                }
                for (int c = width; c < nr; c++) {
                    packB[dst + c] = 0f;
                }
            }
        }
    }

    /**
     * Packs {@code B[p0 .. p0+depth, j0 .. j0+cols]} of a gathered operand, one sliver half (one vector of
     * columns) at a time. Where the half's column offsets are consecutive (a unit-stride convolution's
     * positions within one output row) each sliver row is one plain vector load; where they are two runs of
     * consecutive offsets (the half crosses the end of an output row) it is two loads blended; otherwise
     * one vector gather, {@code src[rowOff[p] + colIdx[j .. j + VL]]}. A gather costs several times a load
     * on AVX2 machines (Zen 3, where the gathers were 21% of the classifier's c.conv2). The loads read
     * lanes they then discard, so a half takes them only where those stay inside {@code src}. The padded
     * column indices keep the lanes of a last, narrower sliver in bounds; what they compute is discarded with
     * the edge tile. Every path copies the same values: results do not depend on which one is taken.
     */
    void packB(GatheredB b, int p0, int depth, int j0, int cols) {
        float[] src = b.src();
        int[] rowOff = b.rowOff();
        int[] colIdx = b.colIdx();
        boolean loads = !gatherOnly;
        int minRow = Integer.MAX_VALUE, maxRow = Integer.MIN_VALUE;
        for (int p = 0; p < depth; p++) {
            minRow = Math.min(minRow, rowOff[p0 + p]);
            maxRow = Math.max(maxRow, rowOff[p0 + p]);
        }
        for (int s = 0; s * nr < cols; s++) {
            for (int half = 0; half < nr; half += VL) {
                int j = j0 + s * nr + half;
                int dst = s * nr * depth + half;
                int lo = colIdx[j];
                int split = runEnd(colIdx, j, 0);
                int hi = split < VL ? colIdx[j + split] - split : lo;
                boolean runs = loads && (split == VL || runEnd(colIdx, j, split) == VL);
                boolean inside = (long) minRow + Math.min(lo, hi) >= 0
                        && (long) maxRow + Math.max(lo, hi) + VL <= src.length;
                if (runs && inside && split == VL) {
                    for (int p = 0; p < depth; p++, dst += nr) {
                        FloatVector.fromArray(S, src, rowOff[p0 + p] + lo).intoArray(packB, dst);
                    }
                } else if (runs && inside) {
                    VectorMask<Float> first = S.indexInRange(0, split);
                    for (int p = 0; p < depth; p++, dst += nr) {
                        int off = rowOff[p0 + p];
                        FloatVector.fromArray(S, src, off + hi)
                                .blend(FloatVector.fromArray(S, src, off + lo), first).intoArray(packB, dst);
                    }
                } else {
                    for (int p = 0; p < depth; p++, dst += nr) {
                        FloatVector.fromArray(S, src, rowOff[p0 + p], colIdx, j).intoArray(packB, dst);
                    }
                }
            }
        }
    }

    /**
     * The first lane at or after {@code from} of the vector of column offsets {@code colIdx[j .. j + VL]}
     * that does not continue the run of consecutive offsets starting at lane {@code from}; VL if none.
     */
    private static int runEnd(int[] colIdx, int j, int from) {
        int start = colIdx[j + from];
        for (int q = from + 1; q < VL; q++) {
            if (colIdx[j + q] != start + q - from) {
                return q;
            }
        }
        return VL;
    }

    @Override
    void macro(int rows, int cols, int depth, HeapStorage out, int cPos, int ldc, boolean accumulate) {
        float[] c = out.f32();
        int a0 = aOff;
        for (int jb = 0; jb * nr < cols; jb++) {
            int w = Math.min(nr, cols - jb * nr);
            for (int ia = 0; ia * mr < rows; ia++) {
                int h = Math.min(mr, rows - ia * mr);
                int pos = cPos + ia * mr * ldc + jb * nr;
                if (h == mr && w == nr) {
                    tile(depth, a0 + ia * mr * depth, jb * nr * depth, c, pos, ldc, accumulate);
                } else {
                    tile(depth, a0 + ia * mr * depth, jb * nr * depth, edge, 0, nr, false);
                    for (int r = 0; r < h; r++) {
                        for (int q = 0; q < w; q++) {
                            float v = edge[r * nr + q];
                            c[pos + r * ldc + q] = accumulate ? c[pos + r * ldc + q] + v : v;
                        }
                    }
                }
            }
        }
    }

    private void tile(int depth, int aOff, int bOff, float[] c, int cPos, int ldc, boolean accumulate) {
        if (mr == 4) {
            kernel4(depth, aOff, bOff, c, cPos, ldc, accumulate);
        } else {
            kernel6(depth, aOff, bOff, c, cPos, ldc, accumulate);
        }
    }

    /**
     * The 4 x NR tile: 8 vector accumulators, two B vectors and four broadcast A values, 14 registers.
     * The offsets are computed from the loop counter so that C2 removes the bounds checks.
     */
    private void kernel4(int depth, int aOff, int bOff, float[] c, int cPos, int ldc, boolean accumulate) {
        float[] a = aSrc;
        float[] b = packB;
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        for (int p = 0; p < depth; p++) {
            int ia = aOff + 4 * p;
            int ib = bOff + 2 * VL * p;
            FloatVector b0 = FloatVector.fromArray(S, b, ib);
            FloatVector b1 = FloatVector.fromArray(S, b, ib + VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ia]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ia + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ia + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ia + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        store(c00, c01, c, cPos, accumulate);
        store(c10, c11, c, cPos + ldc, accumulate);
        store(c20, c21, c, cPos + 2 * ldc, accumulate);
        store(c30, c31, c, cPos + 3 * ldc, accumulate);
    }

    /** The 6 x NR tile: 12 vector accumulators, two B vectors and six broadcast A values, 20 registers. */
    private void kernel6(int depth, int aOff, int bOff, float[] c, int cPos, int ldc, boolean accumulate) {
        float[] a = aSrc;
        float[] b = packB;
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        for (int p = 0; p < depth; p++) {
            int ia = aOff + 6 * p;
            int ib = bOff + 2 * VL * p;
            FloatVector b0 = FloatVector.fromArray(S, b, ib);
            FloatVector b1 = FloatVector.fromArray(S, b, ib + VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ia]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ia + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ia + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ia + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ia + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ia + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        store(c00, c01, c, cPos, accumulate);
        store(c10, c11, c, cPos + ldc, accumulate);
        store(c20, c21, c, cPos + 2 * ldc, accumulate);
        store(c30, c31, c, cPos + 3 * ldc, accumulate);
        store(c40, c41, c, cPos + 4 * ldc, accumulate);
        store(c50, c51, c, cPos + 5 * ldc, accumulate);
    }

    /** One tile row: {@code c[pos ..< pos + 2 VL] (+)= (v0, v1)}. */
    private static void store(FloatVector v0, FloatVector v1, float[] c, int pos, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(S, c, pos));
            v1 = v1.add(FloatVector.fromArray(S, c, pos + VL));
        }
        v0.intoArray(c, pos);
        v1.intoArray(c, pos + VL);
    }
}
