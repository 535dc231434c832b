package gradiente.tensor.cpu;

/**
 * A whole float32 A operand of {@link PackedGemm} packed once, in the blocks the GEMM loops visit, so
 * that products which share it (a convolution's weights, multiplied by every task's column matrix) do not
 * each pack it again: the weight packing was 6-10% of the discriminator's and the classifier's
 * convolutions on Zen 3. Depth block {@code pc} (depth {@code min(kc, k - pc)}) starts at {@code pc * mPad}
 * ({@code mPad} = m rounded up to whole register-tile rows); inside it, the rows from {@code ic} (a
 * multiple of mr, as every A block start is) start {@code ic * depth} further, in {@link GemmF32#pack}'s
 * layout. Read-only once built: tasks on several threads share it.
 *
 * @param data the packed values (from {@code base} on)
 * @param base position of the first block in data
 * @param m    rows
 * @param k    depth
 * @param mPad rows rounded up to a multiple of the kernel's mr
 * @param kc   the depth blocking it was packed for (the kernels' kc)
 */
record PrepackedA(float[] data, int base, int m, int k, int mPad, int kc) {
    /**
     * Packs {@code a [m x k]} for {@code kern}'s blocking into {@code dst} from {@code base} on
     * ({@link #size} floats).
     */
    static PrepackedA of(MatrixOperand a, int m, int k, GemmF32 kern, float[] dst, int base) {
        int mPad = GemmKernel.roundUp(m, kern.mr());
        for (int pc = 0; pc < k; pc += kern.kc()) {
            GemmF32.pack(a, 0, m, pc, Math.min(kern.kc(), k - pc), kern.mr(), dst, base + pc * mPad);
        }
        return new PrepackedA(dst, base, m, k, mPad, kern.kc());
    }

    /** Floats that a packed {@code m x k} operand takes for {@code kern}. */
    static int size(int m, int k, GemmF32 kern) {
        return GemmKernel.roundUp(m, kern.mr()) * k;
    }

    /** Position in {@link #data} of the block of rows from {@code ic} at depth {@code pc}. */
    int offset(int ic, int pc) {
        return base + pc * mPad + ic * Math.min(kc, k - pc);
    }
}
