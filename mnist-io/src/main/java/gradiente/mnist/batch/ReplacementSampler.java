package gradiente.mnist.batch;

import gradiente.mnist.Dataset;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;

/**
 * Mini-batches drawn with replacement: each image of a batch is an independent uniform draw from the
 * whole data set, as the thesis' Keras DCGAN listing draws its real images
 * ({@code X[randint(0, n, half_batch)]}), so an "epoch" does not visit every image once. Reproducible:
 * the draws come from the given {@link Generator}, whose state a checkpoint can save.
 */
public final class ReplacementSampler {
    private final Dataset data;
    private final Generator gen;
    private final Device device;
    private final float[] pixels;

    public ReplacementSampler(Dataset data, Generator gen, Device device) {
        if (data.size() < 1) {
            throw new IllegalArgumentException("ReplacementSampler: data set " + data.name() + " is empty");
        }
        this.data = data;
        this.gen = gen;
        this.device = device;
        this.pixels = data.hostPixels();
    }

    /** {@code n} images drawn uniformly with replacement; {@link Batch#indices()} says which. */
    public Batch next(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ReplacementSampler.next: need n >= 1, got " + n);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = gen.nextInt(data.size());
        }
        return DataLoader.gather(data, pixels, idx, device);
    }
}
