/**
 * Loss functions (MSE, L1, binary cross-entropy on probabilities and on logits, categorical
 * cross-entropy, NLL, the VAE's Gaussian KL term, the Wasserstein critic and generator losses) and
 * their {@link gradiente.nn.losses.Reduction}.
 */
package gradiente.nn.losses;
