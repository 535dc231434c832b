package gradiente.cli;

import gradiente.generative.training.MemoryBudget;

/**
 * The memory estimates of the commands' size options, checked before anything is allocated
 * ({@link MemoryBudget#require}). Each counts the float32 values held at once for 28x28 images
 * (784 pixels): a network's parameters four times (weights, gradients, Adam's two moments), a batch of
 * generated images with its latent vectors and a copy, and a PNG grid's pixels (4 bytes each, images
 * drawn at scale 2).
 */
final class SizeChecks {
    private static final double PIXELS = 784;
    /** Bytes of one grid cell of the PNG (56 x 56 pixels of 4 bytes). */
    private static final double CELL = 4.0 * 56 * 56;

    private SizeChecks() {
    }

    /**
     * A GAN run: its two networks, the final {@code --samples} (kept in memory for samples.idx), the
     * {@code --grid} of every epoch and {@code --eval-count} scored images (0 when not scoring).
     */
    static void gan(boolean dcgan, int latent, int hidden, int samples, int grid, int evalCount) {
        double inputs = latent + 10.0;
        double params = inputs * (dcgan ? 6272 : hidden) + 3.0 * hidden * PIXELS + (dcgan ? 1.2e6 : 0);
        MemoryBudget.require(MemoryBudget.floats(5 * params), "the networks of --latent " + latent + " and --hidden " + hidden,
                "--latent or --hidden");
        common(latent, samples, grid);
        images(evalCount, latent, "--eval-count");
    }

    /** A VAE run: encoder and decoder, then the same outputs as a GAN run. */
    static void vae(int latent, int hidden, int samples, int grid) {
        double params = 2.0 * hidden * PIXELS + 3.0 * hidden * latent;
        MemoryBudget.require(MemoryBudget.floats(4 * params), "the networks of --latent " + latent + " and --hidden " + hidden,
                "--latent or --hidden");
        common(latent, samples, grid);
    }

    private static void common(int latent, int samples, int grid) {
        // samples.idx: the float images, their concatenation and the bytes written.
        MemoryBudget.require(samples * (2 * 4 * PIXELS + PIXELS + 4.0 * latent), "--samples " + samples
                + " (the generated images, held to write samples.idx)", "--samples");
        double cells = (double) grid * grid;
        MemoryBudget.require(cells * (3 * 4 * (PIXELS + latent) + CELL), "--grid " + grid + " (a grid of " + (long) cells
                + " images)", "--grid");
    }

    /**
     * A classifier's batch of {@code images} (the data set's size at most): the thesis CNN holds about
     * 110,000 values per image at 64 filters (two convolutions' outputs, their im2col matrices, ReLU and
     * pooling copies), scaled by {@code filters / 64}; the MLP about 1,000. Training keeps every
     * activation and its gradient: three times as much, plus the CNN's parameters four times (about
     * {@code 9 f^2 + 1600 f} for {@code f} filters: the second convolution and the dense layer).
     */
    static void batch(String option, int images, boolean conv, int filters, boolean training) {
        double perImage = conv ? 110_000.0 * Math.max(filters, 1) / 64 : 1_000;
        double params = conv ? 4 * (9.0 * filters * filters + 1600.0 * filters) : 0;
        MemoryBudget.require(MemoryBudget.floats(images * perImage * (training ? 3 : 1) + params), option + " " + images
                + (conv ? " with " + filters + " filters" : "") + " (images through the " + (conv ? "CNN" : "MLP") + " at once)",
                option + (conv ? " or --filters" : ""));
    }

    /** {@code count} images generated and scored or drawn at once, from {@code latent}-dimensional vectors. */
    static void images(double count, int latent, String option) {
        MemoryBudget.require(count * (3 * 4 * (PIXELS + latent) + CELL), option + " " + (long) count + " (images generated"
                + " at once)", option);
    }
}
