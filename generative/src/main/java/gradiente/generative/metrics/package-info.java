/**
 * Evaluation of generative models (issue 5): the fixed evaluation classifier
 * ({@link gradiente.generative.metrics.EvalClassifier}, the thesis CNN kept in the repository with its
 * SHA-256 and the statistics of its penultimate features on the real test images), the Frechet
 * distance between feature Gaussians ({@link gradiente.generative.metrics.FrechetDistance}, "MNIST FID"),
 * the class histogram with its mode-collapse alarm ({@link gradiente.generative.metrics.ClassHistogram}),
 * and {@link gradiente.generative.metrics.GenerativeEvaluation}, which scores the images of an
 * {@link gradiente.generative.metrics.ImageSource} (an IDX file or a trained generator) with all three.
 */
package gradiente.generative.metrics;
