package gradiente.generative.sample;

import gradiente.mnist.Scaling;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxWriter;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Generated images as files: unsigned-byte IDX3 (the format of MNIST itself, read by
 * {@code ./gradiente eval-gen}) and back.
 */
public final class Samples {
    /** Name of the generated-image file in a run folder. */
    public static final String IDX = "samples.idx";
    /** Name of the labels file of a conditional model's samples (the requested classes). */
    public static final String LABELS_IDX = "samples-labels.idx";

    private Samples() {
    }

    /**
     * Quantises images {@code [N, 1, H, W]} (or {@code [N, H, W]}) in the range of {@code scaling} to
     * bytes: {@code p = round(255 (x - lo) / (hi - lo))}, clamped to {@code 0..255}.
     */
    public static IdxImages toBytes(Tensor images, Scaling scaling) {
        if (images.rank() != 4 && images.rank() != 3 || images.rank() == 4 && images.size(1) != 1) {
            throw new IllegalArgumentException("Samples.toBytes: images must be [N, 1, H, W] or [N, H, W], got "
                    + images.shapeString());
        }
        int n = images.size(0);
        int h = images.size(images.rank() - 2);
        int w = images.size(images.rank() - 1);
        double[] v = images.toDoubleArray();
        byte[] px = new byte[v.length];
        double lo = scaling.lo();
        double span = scaling.hi() - scaling.lo();
        for (int i = 0; i < v.length; i++) {
            long p = Math.round(255 * (v[i] - lo) / span);
            px[i] = (byte) Math.max(0, Math.min(255, p));
        }
        return new IdxImages(n, h, w, px);
    }

    /** Writes images as an uncompressed IDX3 unsigned-byte file. */
    public static void writeIdx(Path file, Tensor images, Scaling scaling) throws IOException {
        IdxWriter.writeImages(file, toBytes(images, scaling), false);
    }
}
