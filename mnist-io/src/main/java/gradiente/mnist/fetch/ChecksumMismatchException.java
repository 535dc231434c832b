package gradiente.mnist.fetch;

import java.io.IOException;
import java.nio.file.Path;

/** A data file whose SHA-256 differs from the recorded one: corrupt, truncated, or another data set. */
public final class ChecksumMismatchException extends IOException {
    private final Path file;

    public ChecksumMismatchException(Path file, String expected, String actual) {
        super(file + ": SHA-256 is " + actual + ", expected " + expected
                + " (the file is corrupt, truncated or not the expected data set; delete it and fetch again)");
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
