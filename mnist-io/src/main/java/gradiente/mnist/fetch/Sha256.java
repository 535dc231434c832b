package gradiente.mnist.fetch;

import gradiente.mnist.Gzip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 checksums of files, of the decompressed content for gzip files. */
public final class Sha256 {
    private Sha256() {
    }

    /** Lower-case hex SHA-256 of the file's content, decompressed first when it starts with the gzip magic. */
    public static String ofContent(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream raw = Files.newInputStream(file); InputStream in = Gzip.maybeDecompress(raw)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Lower-case hex SHA-256 of bytes. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * Checks a file against an expected checksum.
     *
     * @throws ChecksumMismatchException naming the file and both checksums
     */
    public static void verify(Path file, String expected) throws IOException {
        String actual = ofContent(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ChecksumMismatchException(file, expected, actual);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
