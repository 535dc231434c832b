package gradiente.mnist;

import gradiente.mnist.fetch.DataDirectory;
import gradiente.mnist.fetch.DataLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * One-line access to MNIST for library users: {@code Dataset train = Mnist.train();}.
 *
 * <p>Each call returns a {@link Dataset}: float32 images {@code [N, 1, 28, 28]} on the CPU (pixels
 * scaled to [0, 1] unless another {@link Scaling} is named), {@code int[]} labels 0-9 and the class
 * names; {@code train()} has 60,000 images, {@code test()} 10,000. The files come from the data folder
 * of {@link DataDirectory} (system property {@code gradiente.data}, else {@code $GRADIENTE_DATA}, else
 * {@code ~/.cache/gradiente/mnist}); missing ones are fetched there on first use and every file is
 * checked against its recorded SHA-256 ({@link DataLocator}). Progress goes to the
 * {@code gradiente.mnist} {@link System.Logger} at INFO.
 *
 * <p>Failures (no network and no files, a checksum mismatch, a corrupt file) are thrown as
 * {@link UncheckedIOException} whose message names the folder or file, so the common case needs no
 * {@code throws} clause.
 */
public final class Mnist {
    private static final System.Logger LOG = System.getLogger("gradiente.mnist");

    private Mnist() {
    }

    /** The 60,000 training images, pixels in [0, 1]. */
    public static Dataset train() {
        return load(DatasetKind.MNIST, Split.TRAIN, Scaling.ZERO_ONE, null);
    }

    /** The 10,000 test images, pixels in [0, 1]. */
    public static Dataset test() {
        return load(DatasetKind.MNIST, Split.TEST, Scaling.ZERO_ONE, null);
    }

    /** The training images with pixels scaled by {@code scaling} (e.g. {@link Scaling#MINUS_ONE_ONE} for a tanh generator). */
    public static Dataset train(Scaling scaling) {
        return load(DatasetKind.MNIST, Split.TRAIN, scaling, null);
    }

    /** The test images with pixels scaled by {@code scaling}. */
    public static Dataset test(Scaling scaling) {
        return load(DatasetKind.MNIST, Split.TEST, scaling, null);
    }

    /**
     * One split of a data set. {@code dir} null means the cache folder, fetched into when files are
     * missing; a folder given explicitly is read, never downloaded into (as {@code --data DIR}).
     *
     * @throws UncheckedIOException naming the folder or file when the data cannot be found or read
     */
    public static Dataset load(DatasetKind kind, Split split, Scaling scaling, Path dir) {
        try {
            DatasetFiles files = DataLocator.locate(kind, dir, line -> LOG.log(Level.INFO, line));
            return Dataset.load(files, split, scaling);
        } catch (IOException e) {
            String where = dir != null ? dir.toString() : DataDirectory.resolve(null).toString();
            throw new UncheckedIOException(kind.id() + " " + split.name().toLowerCase(java.util.Locale.ROOT) + " from " + where
                    + ": " + e.getMessage(), e);
        }
    }
}
