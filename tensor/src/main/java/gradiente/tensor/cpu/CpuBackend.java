package gradiente.tensor.cpu;

import gradiente.tensor.Tensor;

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

    /**
     * Batched matrix product through {@link PackedGemm}. An output sharing storage with an input is
     * computed into a fresh buffer first; an empty inner dimension gives zeros.
     */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        int k = a.size(a.rank() - 1);
        if (k == 0) {
            fill(out, 0.0);
            return;
        }
        if (out.layout().stride(-1) != 1 && out.size(-1) > 1
                || out.storage() == a.storage() || out.storage() == b.storage()) {
            Tensor tmp = new Tensor(allocate(out.dtype(), out.numel()), gradiente.tensor.Layout.contiguous(out.shape()));
            PackedGemm.matmul(a, b, tmp);
            copy(tmp, out);
            return;
        }
        PackedGemm.matmul(a, b, out);
    }
}
