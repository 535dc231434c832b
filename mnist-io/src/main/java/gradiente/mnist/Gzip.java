package gradiente.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gzip recognised by content: a stream starting with the magic bytes {@code 1f 8b} is decompressed,
 * anything else is passed through. File names are never trusted ({@code .gz} files may be raw).
 */
public final class Gzip {
    private Gzip() {
    }

    /** True when the bytes start with the gzip magic. */
    public static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
    }

    /** The stream, decompressed when it starts with the gzip magic. */
    public static InputStream maybeDecompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        byte[] head = {(byte) in.read(), (byte) in.read()};
        in.reset();
        return isGzip(head) ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
