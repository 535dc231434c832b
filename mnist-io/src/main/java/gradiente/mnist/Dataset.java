package gradiente.mnist;

import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxReader;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * An image classification data set in memory.
 *
 * @param name       e.g. {@code mnist/train}
 * @param images     float32 {@code [N, 1, H, W]} on the CPU, pixel bytes mapped by a {@link Scaling}
 * @param labels     class index of each image, {@code 0 <= labels[i] < classNames.size()}
 * @param classNames name of each class
 */
public record Dataset(String name, Tensor images, int[] labels, List<String> classNames) {
    public Dataset {
        classNames = List.copyOf(classNames);
        if (images.rank() != 4 || images.size(1) != 1) {
            throw new IllegalArgumentException("Dataset " + name + ": images must be [N,1,H,W], got " + images.shapeString());
        }
        if (images.size(0) != labels.length) {
            throw new IllegalArgumentException("Dataset " + name + ": images " + images.shapeString() + " but "
                    + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("Dataset " + name + ": label " + labels[i] + " of image " + i
                        + " is outside 0.." + (classNames.size() - 1));
            }
        }
    }

    /**
     * Reads one split from IDX files and scales the pixels. Image and label counts must agree.
     *
     * @throws IOException naming the file and byte offset when a file is malformed
     */
    public static Dataset load(DatasetFiles files, Split split, Scaling scaling) throws IOException {
        List<String> classes = files.kind().classNames();
        IdxImages img = IdxReader.readImages(files.images(split));
        int[] labels = IdxReader.readLabels(files.labels(split), classes.size());
        if (img.count() != labels.length) {
            throw new IOException(files.images(split) + " holds " + img.count() + " images but " + files.labels(split)
                    + " holds " + labels.length + " labels: the two files do not belong together");
        }
        if (img.count() == 0) {
            throw new IOException(files.images(split) + " holds 0 images: a data set needs at least one (is it the right file?)");
        }
        return fromBytes(files.kind().id() + "/" + split.name().toLowerCase(java.util.Locale.ROOT), img, labels, classes, scaling);
    }

    /** Builds a data set from unsigned-byte images (e.g. synthetic ones in tests). */
    public static Dataset fromBytes(String name, IdxImages img, int[] labels, List<String> classNames, Scaling scaling) {
        byte[] px = img.pixels();
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = scaling.apply(v);
        }
        float[] data = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            data[i] = lut[px[i] & 0xFF];
        }
        Tensor t = Tensor.of(data, Device.CPU, img.count(), 1, img.rows(), img.cols());
        return new Dataset(name, t, labels.clone(), classNames);
    }

    /** Number of images N. */
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Image height H. */
    public int height() {
        return images.size(2);
    }

    /** Image width W. */
    public int width() {
        return images.size(3);
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** Images {@code from..to-1} as a new, contiguous data set (e.g. a few hundred images for a test). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Dataset " + name + ": slice [" + from + ", " + to + ") outside 0.." + size());
        }
        return new Dataset(name + "[" + from + ":" + to + "]", images.narrow(0, from, to - from).contiguous(),
                Arrays.copyOfRange(labels, from, to), classNames);
    }

    /** The labels as a float tensor {@code [N]} of class indices, on the CPU. */
    public Tensor labelTensor(DType dtype) {
        return classIndices(labels, dtype, Device.CPU);
    }

    /** Class indices as a float tensor {@code [B]} of the given type on a device. */
    public static Tensor classIndices(int[] labels, DType dtype, Device device) {
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = labels[i];
        }
        Tensor t = Tensor.of(d, dtype, labels.length);
        return t.device().equals(device) ? t : t.to(device);
    }

    /** Images flattened to {@code [N, H*W]} (the MLPs and Naive Bayes input). */
    public Tensor flatImages() {
        return images.reshape(size(), height() * width());
    }

    /** The pixels as a row-major host array, shared when the CPU storage allows it (do not modify). */
    public float[] hostPixels() {
        if (images.storage() instanceof HeapStorage h && images.isContiguous() && images.layout().offset() == 0
                && h.dtype() == DType.FLOAT32 && h.length() == images.numel()) {
            return h.f32();
        }
        return images.toFloatArray();
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", images " + images.shapeString() + ", " + numClasses() + " classes]";
    }
}
