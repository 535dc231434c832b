/**
 * Naive Bayes (seed 000 section 2.3.1): Bernoulli on binarised pixels and Gaussian on grey levels,
 * classification by Bayes' theorem in log space and sampling of new digits per class.
 */
package gradiente.generative.bayes;
