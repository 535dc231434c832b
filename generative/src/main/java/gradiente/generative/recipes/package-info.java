/**
 * Training recipes as library API: what {@code ./gradiente train ...} does, callable from Java. A recipe is
 * a builder holding the seeds' defaults ({@link gradiente.generative.recipes.GanModel}: the five adversarial
 * models' objective, nets, batch, epochs and Adam settings), a {@code fit(Dataset)} that trains with
 * checkpoint-and-resume through {@link gradiente.generative.training.EpochLoop} and returns the run with its
 * metric history, and {@link gradiente.generative.training.TrainingListener}s for everything optional:
 * fixed-noise grids ({@link gradiente.generative.recipes.FixedNoiseGrids}), generator snapshots
 * ({@link gradiente.generative.recipes.GeneratorSnapshots}), in-training FID and class histograms
 * ({@link gradiente.generative.recipes.GanScores}), final samples ({@link gradiente.generative.recipes.GanSamples})
 * and the summary ({@link gradiente.generative.training.MetricsJson}).
 *
 * <p>{@link gradiente.generative.recipes.GanTraining} trains a GAN, cGAN, DCGAN or WGAN (thesis Algorithm 1,
 * chapter 3.3, chapter 4.2), with an optional bias-corrected moving average of G's weights whose batch-norm
 * statistics are re-estimated every epoch. {@link gradiente.generative.recipes.VaeTraining} trains seed 000's
 * VAE (listeners {@link gradiente.generative.recipes.VaeImages}, {@link gradiente.generative.recipes.VaeSnapshots},
 * {@link gradiente.generative.recipes.VaeSamples}) and {@link gradiente.generative.recipes.ClassifierTraining}
 * thesis 4.1's MLP and CNN ({@link gradiente.generative.recipes.ClassifierReportFiles}).
 */
package gradiente.generative.recipes;
