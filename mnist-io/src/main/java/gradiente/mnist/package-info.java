/**
 * MNIST-style image classification data: {@link gradiente.mnist.Dataset} (float32 images
 * {@code [N, 1, 28, 28]} scaled per {@link gradiente.mnist.Scaling}, integer labels, class names),
 * the data sets' files ({@link gradiente.mnist.DatasetKind}, {@link gradiente.mnist.Split},
 * {@link gradiente.mnist.DatasetFiles}) (written atomically through {@link gradiente.tensor.io.AtomicFiles}). Subpackages: {@code idx}
 * (the file format), {@code fetch} (finding and downloading), {@code batch} (mini-batches),
 * {@code image} (PNG grids) and {@code plot} (curves, confusion matrices, CSV).
 */
package gradiente.mnist;
