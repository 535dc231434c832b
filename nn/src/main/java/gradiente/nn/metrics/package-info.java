/**
 * Metrics of a model's outputs that are not losses: {@link gradiente.nn.metrics.Accuracy} (arg-max
 * predictions and the fraction classified correctly). Whole-data-set evaluation with batching lives
 * in {@code gradiente.generative.classify.Evaluation}.
 */
package gradiente.nn.metrics;
