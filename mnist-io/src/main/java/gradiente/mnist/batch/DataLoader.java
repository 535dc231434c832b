package gradiente.mnist.batch;

import gradiente.mnist.Dataset;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a {@link Dataset} into mini-batches, like PyTorch's {@code DataLoader}. Each epoch visits
 * every image once, in order or in a shuffled order; the last, smaller batch is kept or dropped.
 *
 * <p>Shuffling is reproducible: the order of epoch {@code e} is a Fisher-Yates permutation drawn from a
 * {@link Generator} seeded with a mix of {@code (seed, e)}, so it depends only on the seed and the epoch
 * number. Resuming training at epoch {@code e} therefore needs nothing but {@code e}.
 *
 * <p>Instances are immutable; the {@code with...} methods return modified copies.
 */
public final class DataLoader {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Device device;

    private DataLoader(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast, Device device) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.device = device;
    }

    /** Batches of {@code batchSize} in data set order, last partial batch kept, on the CPU. */
    public static DataLoader of(Dataset data, int batchSize) {
        return new DataLoader(data, batchSize, false, 0, false, Device.CPU);
    }

    /** Shuffles every epoch with this seed. */
    public DataLoader shuffled(long seed) {
        return new DataLoader(data, batchSize, true, seed, dropLast, device);
    }

    /** Drops the last batch when it is smaller than the batch size. */
    public DataLoader dropLast(boolean drop) {
        return new DataLoader(data, batchSize, shuffle, seed, drop, device);
    }

    /** Puts batch tensors on this device. */
    public DataLoader on(Device target) {
        return new DataLoader(data, batchSize, shuffle, seed, dropLast, target);
    }

    /** The data set. */
    public Dataset dataset() {
        return data;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Order in which epoch {@code epoch} visits the images. */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] p = new int[data.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            return p;
        }
        return Generator.derive(seed, RandomStream.SHUFFLE, epoch).permutation(data.size());
    }

    /** The batches of one epoch. */
    public Iterable<Batch> epoch(int epoch) {
        return () -> new BatchIterator(order(epoch));
    }

    private final class BatchIterator implements Iterator<Batch> {
        private final int[] order;
        private final int count = batchesPerEpoch();
        private final float[] pixels = data.hostPixels();
        private int next;

        BatchIterator(int[] order) {
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: epoch has " + count + " batches");
            }
            int start = next * batchSize;
            int b = Math.min(batchSize, order.length - start);
            next++;
            int h = data.height();
            int w = data.width();
            int per = h * w;
            float[] out = new float[b * per];
            int[] labels = new int[b];
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                int j = order[start + i];
                System.arraycopy(pixels, j * per, out, i * per, per);
                labels[i] = data.labels()[j];
                idx[i] = j;
            }
            Tensor images = Tensor.of(out, device, b, 1, h, w);
            return new Batch(images, labels, idx, data.numClasses());
        }
    }
}
