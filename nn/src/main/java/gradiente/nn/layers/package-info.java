/**
 * Layers with a single input (NCHW for images): Linear, Flatten, Reshape, Dropout, BatchNorm1d/2d,
 * Embedding, and the convolution, pooling and upsampling layers.
 */
package gradiente.nn.layers;
