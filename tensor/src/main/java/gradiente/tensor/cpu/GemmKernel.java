package gradiente.tensor.cpu;

import gradiente.tensor.HeapStorage;

/**
 * The dtype-specific half of the packed GEMM ({@link PackedGemm} is the other half): packing of an
 * {@code mc x kc} block of A into {@link #mr()}-row slivers and of a {@code kc x nc} block of B into
 * {@link #nr()}-column slivers (zero-padded to whole slivers), and the register-tiled micro-kernel that
 * multiplies one A sliver by one B sliver into an {@code mr x nr} tile of C.
 *
 * <p>Each instance owns its pack buffers and is used by one thread at a time (thread-local instances),
 * so no call allocates large buffers after the first.
 */
abstract class GemmKernel {
    /** Rows of the register tile. */
    abstract int mr();

    /** Columns of the register tile. */
    abstract int nr();

    /** Depth of a packed block (the k-extent kept in L1/L2). */
    abstract int kc();

    /** Rows of a packed A block (kept in L2). */
    abstract int mc();

    /** Columns of a packed B block (kept in L3). */
    abstract int nc();

    /** Packs {@code A[i0 .. i0+mc, p0 .. p0+kc]} (rows past the end become zeros). */
    abstract void packA(MatrixOperand a, int i0, int mc, int p0, int kc);

    /** Packs {@code B[p0 .. p0+kc, j0 .. j0+nc]} (columns past the end become zeros). */
    abstract void packB(MatrixOperand b, int p0, int kc, int j0, int nc);

    /**
     * The macro-kernel: {@code C[r][c] (+)= sum_p Apacked[r][p] * Bpacked[p][c]} for {@code r < mc},
     * {@code c < nc}, with C in {@code out} at position {@code cPos}, row stride {@code ldc} and unit
     * column stride. B slivers stay in L1 while the A slivers stream past them; edge tiles go through a
     * small scratch tile.
     */
    abstract void macro(int mc, int nc, int kc, HeapStorage out, int cPos, int ldc, boolean accumulate);

    static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
