/**
 * The variational autoencoder of seed 000 (section 2.3.3, eq. 7-19): {@link gradiente.generative.vae.Vae}
 * (encoder to {@code mu} and {@code ln sigma^2}, the reparameterisation {@code z = mu + sigma * eps},
 * decoder to pixel logits), {@link gradiente.generative.vae.VaeLoss} (KL in closed form plus a Bernoulli
 * or Gaussian reconstruction term, in nats per image) and {@link gradiente.generative.vae.VaeSpec}
 * (MLP and convolutional architectures, rebuildable from checkpoint metadata).
 */
package gradiente.generative.vae;
