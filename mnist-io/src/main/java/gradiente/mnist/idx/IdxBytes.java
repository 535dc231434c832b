package gradiente.mnist.idx;

import gradiente.mnist.Gzip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a whole file, transparently decompressing gzip. Gzip is recognised by its magic bytes
 * {@code 1f 8b}, never by the file name; an IDX file always starts with two zero bytes, so the two
 * cannot be confused.
 */
final class IdxBytes {
    private IdxBytes() {
    }

    /** The file's bytes, decompressed when it is gzip. */
    static byte[] read(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        return Gzip.isGzip(raw) ? gunzip(file, raw) : raw;
    }

    private static byte[] gunzip(Path file, byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, raw.length * 4));
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new IdxFormatException(file.toString(), out.size(), "gzip stream (" + raw.length
                    + " compressed bytes) is truncated or corrupt after " + out.size() + " decompressed bytes ("
                    + e.getMessage() + ")");
        }
        return out.toByteArray();
    }
}
