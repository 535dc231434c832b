/**
 * Training infrastructure shared by every model of the lab (classifiers, GANs, VAE): the epoch loop
 * ({@link gradiente.generative.train.EpochLoop}) with checkpoint-and-resume, running means of the
 * per-batch metrics ({@link gradiente.generative.train.RunningMeans}), a console progress bar that
 * falls back to periodic lines when the output is not a terminal
 * ({@link gradiente.generative.train.ProgressBar}), and the run folder ({@link gradiente.generative.train.RunFolder}):
 * {@code metrics.json} (atomic), {@code metrics.csv}, loss and accuracy curves, and the checkpoint.
 *
 * <p>Resuming is bit-exact because everything random or stateful is in the checkpoint (parameters,
 * optimiser slots, the generators' states, the epoch and the metric history) and the data order of an
 * epoch depends only on the seed and the epoch number ({@link gradiente.mnist.batch.DataLoader}).
 *
 * <p>Nothing silent (issue 16): the loop's {@link gradiente.generative.train.DivergenceGuard} stops (or
 * warns) at a NaN or exploding metric; {@link gradiente.generative.train.RunStart} opens a run folder
 * under its {@link gradiente.generative.train.RunFolderLock}, removes the temporary files of killed
 * writes and refuses to mix two runs; {@link gradiente.generative.train.MemoryBudget} turns size
 * options too large for the heap into a message; {@link gradiente.generative.train.SavedFileKind} says
 * what a file given to the wrong command holds.
 */
package gradiente.generative.train;
