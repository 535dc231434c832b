package gradiente.tensor;

/**
 * The result of max or min pooling: the pooled values {@code [N, C, Ho, Wo]} and, of the same shape and
 * dtype, the flat index {@code h*W + w} within each input plane of the element each output took (first
 * on ties; padding never wins). The indices are what the backward pass routes gradients through.
 */
public record PoolResult(Tensor values, Tensor indices) {
}
