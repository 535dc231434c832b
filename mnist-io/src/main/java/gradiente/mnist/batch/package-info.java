/**
 * Mini-batches: {@link gradiente.mnist.batch.DataLoader} (batch size, reproducible seeded shuffling,
 * drop-last), {@link gradiente.mnist.batch.ReplacementSampler} (batches drawn with replacement, as the
 * thesis' Keras DCGAN does), {@link gradiente.mnist.batch.Batch} and {@link gradiente.mnist.batch.OneHot} encoding.
 */
package gradiente.mnist.batch;
