/**
 * The digit classifiers of the thesis (seed 002, section 4.1): the dense network
 * ({@link gradiente.generative.classify.MlpClassifier}, 784-128-128-10, 118,282 parameters) and the
 * convolutional one ({@link gradiente.generative.classify.CnnClassifier}); their training step
 * (categorical cross-entropy from logits, Adam) and their evaluation: overall and per-class accuracy,
 * the confusion matrix (thesis figure 68) and the test images misclassified with the highest
 * confidence (figure 69).
 */
package gradiente.generative.classify;
