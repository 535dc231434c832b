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
 *   <li>{@code kc}: one packed B sliver ({@code kc x nr}) takes a quarter of L2, at most 1024 deep. The
 *       BLIS rule (half of L1) gave {@code kc = 256} on Zen 3 and cost 20%: every tile then loads and
 *       stores its C rows four times for k = 1024, and that round trip, not the B stream from L2, is what
 *       a short depth block exposes. Measured single-threaded at n = 1024 and 2048, best of 11
 *       interleaved products (AMD EPYC Zen 3, AVX2): kc/mc/nc = 256/256/2048 (the old rule) 66-68
 *       GFLOP/s, 512/32/1024 78-79, 1024/32/1024 81-82, 1024/16/1024 69, 128/512/2048 50.</li>
 *   <li>{@code mc}: one packed A block ({@code mc x kc}) takes a quarter of L2 (32 rows on Zen 3), so
 *       the A block and the B sliver it streams past stay in L2 together.</li>
 *   <li>{@code nc}: one packed B block ({@code kc x nc}) takes a quarter of L3, at most 4 MiB.</li>
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
        int kc = clamp(caches.l2() / 4 / ((long) nr * elementBytes), 8, 32, 1024);
        int mc = clamp(caches.l2() / 4 / ((long) kc * elementBytes), mr, mr, 960 / mr * mr);
        long l3Share = Math.min(caches.l3() / 4, 4L << 20);
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
