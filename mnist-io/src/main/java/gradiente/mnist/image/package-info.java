/**
 * Images written to files: {@link gradiente.mnist.image.ImageGrid} lays a batch of images out as a
 * padded, optionally enlarged PNG grid (sample grids every epoch, reconstructions, mistakes).
 */
package gradiente.mnist.image;
