package gradiente.tensor.cpu;

/**
 * The register tile and cache blocks of the packed GEMM ({@link PackedGemm}), chosen at start-up from
 * the vector width, the number of vector registers and the cache sizes, BLIS style:
 * <ul>
 *   <li>{@code nr = 2} vectors and {@code mr} rows: the tallest kernel ({@link #KERNEL_ROWS}) whose
 *       {@code 2 mr} accumulators, two B vectors and {@code mr} broadcast A values all fit in the
 *       register file. C2 schedules every broadcast of an iteration before its fused multiply-adds, so
 *       all of them are live at once; with one register too few it spills an accumulator, and the
 *       store-to-load round trip through the stack then sits on that accumulator's dependency chain
 *       (measured on AVX2, 16 ymm registers: the 6 x 16 tile ran at 40% of the FMA peak, 4 x 16 at
 *       95%).</li>
 *   <li>{@code kc}: one packed B sliver ({@code kc x nr}) fills half of the L1 data cache, the other
 *       half holds the A sliver streaming past it and the C tile.</li>
 *   <li>{@code mc}: one packed A block ({@code mc x kc}) fills half of L2.</li>
 *   <li>{@code nc}: one packed B block ({@code kc x nc}) takes a quarter of L3, at most 2 MiB.</li>
 * </ul>
 * Only {@code kc} changes results (it cuts the sum over k into blocks added to C in turn); the tile and
 * the other blocks only choose which thread and which loop computes which element.
 *
 * @param mr rows of the register tile
 * @param nr columns of the register tile (two vectors)
 * @param kc depth of a packed block
 * @param mc rows of a packed A block (a multiple of mr)
 * @param nc columns of a packed B block (a multiple of nr)
 */
record GemmBlocking(int mr, int nr, int kc, int mc, int nc) {
    /** Heights of the micro-kernels that exist ({@link GemmF32}, {@link GemmF64}). */
    static final int[] KERNEL_ROWS = {4, 6};
    /** Vectors per tile row. */
    static final int VECTORS = 2;

    GemmBlocking {
        if (mr <= 0 || nr <= 0 || kc <= 0 || mc < mr || nc < nr || mc % mr != 0 || nc % nr != 0) {
            throw new IllegalArgumentException("GemmBlocking: bad blocking mr=" + mr + " nr=" + nr + " kc=" + kc
                    + " mc=" + mc + " nc=" + nc);
        }
    }

    /** The blocking of this machine for elements of {@code elementBytes} bytes and vectors of {@code lanes} of them. */
    static GemmBlocking machine(int lanes, int elementBytes) {
        return choose(lanes, elementBytes, CpuVectors.REGISTERS, CacheSizes.MACHINE);
    }

    /** The rules above for a given vector length, element size, register file and caches. */
    static GemmBlocking choose(int lanes, int elementBytes, int registers, CacheSizes caches) {
        int mr = KERNEL_ROWS[0];
        for (int rows : KERNEL_ROWS) {
            if (rows * VECTORS + VECTORS + rows <= registers) {
                mr = Math.max(mr, rows);
            }
        }
        int nr = VECTORS * lanes;
        int kc = clamp(caches.l1d() / 2 / ((long) nr * elementBytes), 8, 32, 512);
        int mc = clamp(caches.l2() / 2 / ((long) kc * elementBytes), mr, mr, 960 / mr * mr);
        long l3Share = Math.min(caches.l3() / 4, 2L << 20);
        int nc = clamp(l3Share / ((long) kc * elementBytes), nr, nr, 4096 / nr * nr);
        return new GemmBlocking(mr, nr, kc, mc, nc);
    }

    /** {@code x} rounded down to a multiple of {@code m}, then clamped to {@code [lo, hi]}. */
    private static int clamp(long x, int m, int lo, int hi) {
        return (int) Math.clamp(x / m * m, lo, hi);
    }

    @Override
    public String toString() {
        return "mr=" + mr + " nr=" + nr + " kc=" + kc + " mc=" + mc + " nc=" + nc;
    }
}
