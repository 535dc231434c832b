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

    /**
     * The verified files of a data set; {@code explicit} is a folder the caller names (nothing is downloaded into
     * it) or null for the cache folder. A missing folder or missing files give a {@link NoSuchFileException}
     * naming the folder; when files are missing its cause is {@link DatasetFiles#find}'s exception listing them.
     */
    public static DatasetFiles locate(DatasetKind kind, Path explicit, Consumer<String> log) throws IOException {
        if (kind == DatasetKind.FASHION) {
            return FashionMnistLocator.locate(explicit);
        }
        if (kind == DatasetKind.IDX) {
            if (explicit == null) {
                throw new IllegalArgumentException("DataLocator: dataset idx needs the folder of the four IDX files (explicit)");
            }
            return DatasetFiles.find(kind, explicit);
        }
        if (explicit == null) {
            return MnistFetcher.into(DataDirectory.resolve(null)).log(log).ensure();
        }
        if (!Files.isDirectory(explicit)) {
            throw new NoSuchFileException(explicit.toString(), null, "DataLocator: the explicit data folder does not exist. "
                    + "Name the folder holding the four MNIST IDX files, or none to use the cache folder "
                    + DataDirectory.resolve(null) + " (filled automatically), or fetch into it first with "
                    + "MnistFetcher.into(folder).ensure()");
        }
        try {
            DatasetFiles.find(kind, explicit);
        } catch (NoSuchFileException e) {
            NoSuchFileException x = new NoSuchFileException(explicit.toString(), null, e.getReason() + ". Nothing is "
                    + "downloaded into an explicit data folder: fetch MNIST there with MnistFetcher.into(folder).ensure(), "
                    + "or name none to use the cache folder " + DataDirectory.resolve(null));
            x.initCause(e);
            throw x;
        }
        return MnistFetcher.into(explicit).log(log).ensure();
    }
}
