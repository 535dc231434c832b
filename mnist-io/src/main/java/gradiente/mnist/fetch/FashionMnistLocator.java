package gradiente.mnist.fetch;

import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds Fashion-MNIST. It is not fetched: Debian's package {@code dataset-fashion-mnist} installs the
 * four gzip IDX files in {@code /usr/share/datasets/fashion-mnist}, and any folder holding the same four
 * names (raw or {@code .gz}) works too. Files are verified against {@link DatasetKind#FASHION}'s checksums.
 */
public final class FashionMnistLocator {
    /** Where the Debian package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The command that installs them. */
    public static final String INSTALL = "sudo apt-get install dataset-fashion-mnist";

    private FashionMnistLocator() {
    }

    /** The verified files in {@code dir}, or in {@link #DEBIAN_DIR} when {@code dir} is null. */
    public static DatasetFiles locate(Path dir) throws IOException {
        Path where = dir != null ? dir : DEBIAN_DIR;
        DatasetFiles files;
        try {
            files = DatasetFiles.find(DatasetKind.FASHION, where);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(where.toString(), null, "Fashion-MNIST not found: " + e.getReason()
                    + ". Install Debian's package with '" + INSTALL + "' (it puts the files in " + DEBIAN_DIR
                    + "), or pass --dir DIR with the four IDX files");
        }
        for (String name : DatasetFiles.names()) {
            Sha256.verify(files.files().get(name), DatasetKind.FASHION.sha256().get(name));
        }
        return files;
    }
}
