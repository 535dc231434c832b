/**
 * Strided tensors: {@link gradiente.tensor.Layout} (shape, strides, offset: all index arithmetic),
 * {@link gradiente.tensor.Storage}, the {@link gradiente.tensor.Tensor} value type with its views and
 * operations, seeded {@link gradiente.tensor.Generator random numbers}, and the
 * {@link gradiente.tensor.Backend} kernel interface with its {@link gradiente.tensor.Backends registry}.
 */
package gradiente.tensor;
