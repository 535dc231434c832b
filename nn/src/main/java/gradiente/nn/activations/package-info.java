/** Activation layers of thesis 2.2 (ReLU, Leaky ReLU, sigmoid, tanh) and softmax/log-softmax, softplus, ELU. */
package gradiente.nn.activations;
