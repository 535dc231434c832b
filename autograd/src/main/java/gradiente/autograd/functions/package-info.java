/**
 * One {@link gradiente.autograd.Function} per differentiable op, forward and backward side by side,
 * grouped by family: arithmetic, element-wise maps, reductions, shape (movement) ops, indexing and
 * matrix product, and the convolution family (convolution, its transpose and weight gradient, pooling and its gradient). Every backward is written with Variable operations, so gradients are differentiable.
 */
package gradiente.autograd.functions;
