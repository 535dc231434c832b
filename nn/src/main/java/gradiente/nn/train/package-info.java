/**
 * Training plumbing that needs only modules and optimisers: the state a run saves to resume exactly
 * ({@link gradiente.nn.train.TrainState}: model, optimiser slots, named random generators), running
 * means of per-batch metrics weighted by batch size ({@link gradiente.nn.train.RunningMeans}) and a
 * console progress bar that degrades to periodic lines off a terminal ({@link gradiente.nn.train.ProgressBar}).
 * The epoch loop that drives them over a data loader is {@code gradiente.generative.training.EpochLoop}.
 */
package gradiente.nn.train;
