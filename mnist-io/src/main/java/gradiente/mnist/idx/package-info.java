/**
 * The IDX file format of MNIST and Fashion-MNIST: {@link gradiente.mnist.idx.IdxReader} (raw or gzip,
 * fully validated, errors naming the file and byte offset) and {@link gradiente.mnist.idx.IdxWriter}.
 */
package gradiente.mnist.idx;
