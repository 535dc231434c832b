package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;

/**
 * Batched matrix product {@code A [..., M, K] @ B [..., K, N]} (both at least rank 2; Variable.matmul
 * handles 1-D operands). dA = dC @ B^T, dB = A^T @ dC; broadcast batch dimensions are summed back by
 * the engine.
 */
public final class MatMul extends Function {
    @Override public String name() { return "matmul"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].matmul(in[1]); }
    /** {@code M K N} per matrix of the batch: every output element is a K-term dot product. */
    @Override protected long multiplyAdds(Tensor[] in, Tensor out) { return (long) out.numel() * in[0].size(in[0].rank() - 1); }
    @Override protected Variable[] backward(Variable g) {
        return new Variable[] {
            needsInputGrad(0) ? g.matmul(input(1).transpose(-1, -2)) : null,
            needsInputGrad(1) ? input(0).transpose(-1, -2).matmul(g) : null};
    }
}
