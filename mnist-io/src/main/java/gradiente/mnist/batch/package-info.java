/**
 * Mini-batches: {@link gradiente.mnist.batch.DataLoader} (batch size, reproducible seeded shuffling,
 * drop-last), {@link gradiente.mnist.batch.Batch} and {@link gradiente.mnist.batch.OneHot} encoding.
 */
package gradiente.mnist.batch;
