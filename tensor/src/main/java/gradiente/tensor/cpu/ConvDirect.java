package gradiente.tensor.cpu;

/**
 * Direct (no column matrix) float32 kernels for convolutions with very few output channels per group,
 * where the GEMM of {@link CpuConv} would have one or two rows.
 */
final class ConvDirect {
    private ConvDirect() {
    }

    /** Whether the direct kernels handle this plan. */
    static boolean suits(ConvPlan p) {
        return false;
    }

    static void forward(float[] x, float[] w, float[] out, ConvPlan p) {
        throw new UnsupportedOperationException("conv2d: direct kernel not available");
    }

    static void weightGradient(float[] x, int xBase, float[] gradOut, int gBase, float[] partial, int pBase, ConvPlan p,
            boolean accumulate) {
        throw new UnsupportedOperationException("conv2dBackwardWeight: direct kernel not available");
    }
}
