/**
 * Training infrastructure shared by every model of the lab (classifiers, GANs, VAE): the epoch loop
 * ({@link gradiente.generative.training.EpochLoop}) with checkpoint-and-resume over the module-agnostic
 * pieces of {@code gradiente.nn.train} (train state, running means, progress bar), the metric history
 * ({@link gradiente.generative.training.MetricHistory}) and the run folder ({@link gradiente.generative.training.RunFolder}):
 * {@code metrics.json} (atomic), {@code metrics.csv}, loss and accuracy curves, and the checkpoint; and
 * window means finer than an epoch ({@link gradiente.generative.training.WindowLog}, {@code updates.csv}).
 *
 * <p>Resuming is bit-exact because everything random or stateful is in the checkpoint (parameters,
 * optimiser slots, the generators' states, the epoch and the metric history) and the data order of an
 * epoch depends only on the seed and the epoch number ({@link gradiente.mnist.batch.DataLoader}).
 *
 * <p>Nothing silent (issue 16): the loop's {@link gradiente.generative.training.DivergenceGuard} stops (or
 * warns) at a NaN or exploding metric; {@link gradiente.generative.training.RunStart} opens a run folder
 * under its {@link gradiente.generative.training.RunFolderLock}, removes the temporary files of killed
 * writes and refuses to mix two runs; {@link gradiente.generative.training.MemoryBudget} turns size
 * options too large for the heap into a message; {@link gradiente.generative.training.SavedFileKind} says
 * what a file given to the wrong command holds.
 */
package gradiente.generative.training;
