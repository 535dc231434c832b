/**
 * The perceptron of thesis section 2.1: one artificial neuron {@code z = b + w . x} followed by the
 * step decision {@code Theta(z) = 1 if z >= 0 else 0}, trained with the perceptron learning rule
 * {@code Delta w_j = eta (y - y_hat) x_j}, {@code Delta b = eta (y - y_hat)}.
 *
 * <p>The rule needs no gradients, so it lives outside the autograd engine; it is here because the
 * thesis opens with it and because its worked example (the AND function) makes a good first test.
 */
package gradiente.generative.perceptron;
