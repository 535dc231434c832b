package gradiente.mnist.fetch;

import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The one call training and evaluation commands make to find their data ({@code --data DIR}).
 *
 * <ul>
 *   <li>MNIST without {@code --data}: the folder of {@link DataDirectory} (property, environment or
 *       cache), fetched with {@link MnistFetcher} when files are missing.</li>
 *   <li>MNIST with {@code --data DIR}: the user named a folder, so nothing is downloaded into it; missing
 *       files give one paragraph saying what was looked for and how to fix it.</li>
 *   <li>Fashion-MNIST: {@link FashionMnistLocator} ({@code --data DIR} or Debian's folder).</li>
 *   <li>{@code idx}: the four files in {@code --data DIR}, not checksummed (user data).</li>
 * </ul>
 * Files of MNIST and Fashion-MNIST are always verified against the recorded SHA-256 checksums.
 */
public final class DataLocator {
    private DataLocator() {
    }

    /** The verified files of a data set; {@code explicit} is the {@code --data} folder or null. */
    public static DatasetFiles locate(DatasetKind kind, Path explicit, Consumer<String> log) throws IOException {
        if (kind == DatasetKind.FASHION) {
            return FashionMnistLocator.locate(explicit);
        }
        if (kind == DatasetKind.IDX) {
            if (explicit == null) {
                throw new IllegalArgumentException("dataset idx: name the folder of the four IDX files with --data DIR");
            }
            return DatasetFiles.find(kind, explicit);
        }
        if (explicit == null) {
            return MnistFetcher.into(DataDirectory.resolve(null)).log(log).ensure();
        }
        if (!Files.isDirectory(explicit)) {
            throw new NoSuchFileException(explicit.toString(), null, "--data names no folder. Point --data at the folder "
                    + "holding the four MNIST IDX files, or leave it out to use the cache folder " + DataDirectory.resolve(null)
                    + " (filled automatically), or run './gradiente data fetch --dir " + explicit + "' to download there");
        }
        try {
            DatasetFiles.find(kind, explicit);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(explicit.toString(), null, e.getReason() + ". Nothing is downloaded into a folder "
                    + "given with --data: run './gradiente data fetch --dir " + explicit + "' to fetch MNIST there, or leave "
                    + "--data out to use the cache folder " + DataDirectory.resolve(null));
        }
        return MnistFetcher.into(explicit).log(log).ensure();
    }
}
