/**
 * Using trained generative models: {@link gradiente.generative.sample.LatentDecoder} (a GAN generator
 * or a VAE decoder behind one interface), {@link gradiente.generative.sample.Decoders} (saving and
 * rebuilding one from a self-describing safetensors file), {@link gradiente.generative.sample.Samples}
 * (generated images as IDX files) and latent interpolation grids.
 */
package gradiente.generative.sample;
