package gradiente.mnist;

import gradiente.mnist.idx.IdxImages;
import java.util.List;

/** Small data sets whose pixels encode their own index, so tests can tell images apart. */
public final class SyntheticData {
    private SyntheticData() {
    }

    /** {@code n} images of {@code h x w}; pixel (r, c) of image i is {@code (i * 7 + r * w + c) mod 256}; label {@code i mod 10}. */
    public static Dataset digits(int n, int h, int w, Scaling scaling) {
        byte[] px = new byte[n * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int k = 0; k < h * w; k++) {
                px[i * h * w + k] = (byte) (i * 7 + k);
            }
        }
        return Dataset.fromBytes("synthetic", new IdxImages(n, h, w, px), labels,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), scaling);
    }
}
