package gradiente.mnist.idx;

import java.io.IOException;

/**
 * A file that is not a valid IDX file of the expected kind. The message names the file and the byte
 * offset where the problem is, e.g. {@code train-images-idx3-ubyte: expected 47040000 bytes of pixel
 * data at offset 16, file ends at 1000}.
 */
public final class IdxFormatException extends IOException {
    private final String file;
    private final long offset;

    public IdxFormatException(String file, long offset, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** Name of the offending file. */
    public String file() {
        return file;
    }

    /** Byte offset (in the decompressed content for gzip files) where the problem was found. */
    public long offset() {
        return offset;
    }
}
