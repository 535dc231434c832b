package gradiente.mnist.idx;

import gradiente.mnist.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A tiny, learnable stand-in for MNIST in the four IDX files (for {@code --dataset idx --data DIR}):
 * class {@code c} lights a 4-pixel-wide vertical bar at column {@code 2 + 2c} on a noisy background,
 * so every model of the lab can separate the classes in a few steps. Tests and examples use it where
 * they must not need the network or a cached MNIST.
 */
public final class SyntheticIdx {
    private SyntheticIdx() {
    }

    /** Writes {@code nTrain} training and {@code nTest} test images and labels (28x28, uncompressed) into {@code dir}. */
    public static Path write(Path dir, int nTrain, int nTest, long seed) throws IOException {
        Random rnd = new Random(seed);
        for (Split s : Split.values()) {
            int n = s == Split.TRAIN ? nTrain : nTest;
            byte[] px = new byte[n * 28 * 28];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int c = rnd.nextInt(10);
                labels[i] = c;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean on = x >= 2 + 2 * c && x < 6 + 2 * c && y >= 4 && y < 24;
                        int v = on ? 200 + rnd.nextInt(56) : rnd.nextInt(40);
                        px[i * 784 + y * 28 + x] = (byte) v;
                    }
                }
            }
            IdxWriter.writeImages(dir.resolve(s.imagesFile()), new IdxImages(n, 28, 28, px), false);
            IdxWriter.writeLabels(dir.resolve(s.labelsFile()), labels, false);
        }
        return dir;
    }
}
