/**
 * Evaluation of generative models: the Frechet distance between feature Gaussians (MNIST FID with the
 * fixed evaluation classifier's features) and the class histogram with its mode-collapse alarm.
 */
package gradiente.generative.metrics;
