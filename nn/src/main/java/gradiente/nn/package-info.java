/**
 * Neural-network building blocks on top of the autograd engine (thesis chapter 2): {@link gradiente.nn.Module}
 * (parameters, buffers, sub-modules, train/eval mode, state dict), {@link gradiente.nn.Layer} (one input,
 * one output) and {@link gradiente.nn.Sequential}. Layers, activations, losses, initialisers, optimisers,
 * regularisation and checkpoints live in the sub-packages.
 */
package gradiente.nn;
