package gradiente.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint or safetensors file that cannot be read: the message names the file and the byte offset. */
public final class CheckpointFormatException extends IOException {
    private final transient Path file;
    private final long offset;

    public CheckpointFormatException(Path file, long offset, String problem) {
        super(file + ": " + problem + " (at byte offset " + offset + ")");
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** The byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
