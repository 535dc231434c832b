package gradiente.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The integrity record of a safetensors file: one CRC-32C (Castagnoli) of every tensor's data bytes
 * under the metadata key {@code crc32c.<tensor>}, and one of the other metadata entries (sorted,
 * {@code key=value\n} in UTF-8) under {@code crc32c.__metadata__}, all as 8 lower-case hex digits.
 * CRC-32C detects every single-bit and every burst error of up to 32 bits; it guards against corruption
 * (a bad disk, a truncated copy, a stray write), not against deliberate tampering.
 */
public final class TensorChecksums {
    /** Prefix of the checksum entries in the metadata. */
    public static final String PREFIX = "crc32c.";
    /** Key of the metadata's own checksum. */
    public static final String METADATA_KEY = PREFIX + "__metadata__";

    /** Computes a checksum by feeding bytes to a {@link CRC32C}. */
    @FunctionalInterface
    interface Feed {
        void into(CRC32C crc) throws IOException;
    }

    private final Map<String, String> sums = new LinkedHashMap<>();

    /** Records the checksum of tensor {@code name}, whose bytes {@code feed} supplies in file order. */
    void add(String name, Feed feed) throws IOException {
        CRC32C crc = new CRC32C();
        feed.into(crc);
        sums.put(PREFIX + name, hex(crc.getValue()));
    }

    /** The entries to add to {@code metadata} (which must not hold checksum entries itself). */
    Map<String, String> metadata(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>(sums);
        out.put(METADATA_KEY, metadataSum(metadata));
        return out;
    }

    /** Whether a metadata key is one of the checksum entries. */
    public static boolean isChecksumKey(String key) {
        return key.startsWith(PREFIX);
    }

    private static String metadataSum(Map<String, String> metadata) {
        CRC32C crc = new CRC32C();
        new TreeMap<>(metadata).forEach((k, v) -> {
            if (!isChecksumKey(k)) {
                crc.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        return hex(crc.getValue());
    }

    private static String hex(long v) {
        return String.format(Locale.ROOT, "%08x", v);
    }

    /**
     * A verifier for a file's tensors; checks the metadata's checksum at once.
     *
     * @param names the tensor names of the header
     * @throws CheckpointFormatException when the metadata does not match its checksum, or some but not
     *                                   all tensors have one
     */
    static Verifier verifier(Path file, Map<String, String> metadata, List<String> names) throws CheckpointFormatException {
        boolean any = metadata.keySet().stream().anyMatch(TensorChecksums::isChecksumKey);
        if (!any) {
            return new Verifier(file, Map.of(), false);
        }
        String stored = metadata.get(METADATA_KEY);
        String actual = metadataSum(metadata);
        if (stored == null || !stored.equals(actual)) {
            throw new CheckpointFormatException(file, 8, "the header's metadata fails its CRC-32C checksum (stored "
                    + stored + ", computed " + actual + "): the file is corrupt; restore it from a copy or retrain");
        }
        for (String n : names) {
            if (!metadata.containsKey(PREFIX + n)) {
                throw new CheckpointFormatException(file, 8, "tensor '" + n + "' has no checksum while the file's other"
                        + " tensors do: the header was edited or is corrupt");
            }
        }
        return new Verifier(file, metadata, true);
    }

    /** Checks tensors' bytes against the stored checksums. */
    static final class Verifier {
        private final Path file;
        private final Map<String, String> metadata;
        private final boolean present;

        private Verifier(Path file, Map<String, String> metadata, boolean present) {
            this.file = file;
            this.metadata = metadata;
            this.present = present;
        }

        /** Whether the file carries checksums. */
        boolean present() {
            return present;
        }

        /**
         * @param bytes  the tensor's data (its position and limit are left unchanged)
         * @param offset the byte offset of the data in the file
         */
        void check(String name, ByteBuffer bytes, long offset) throws CheckpointFormatException {
            if (!present) {
                return;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate());
            String actual = hex(crc.getValue());
            String stored = metadata.get(PREFIX + name);
            if (!actual.equals(stored)) {
                throw new CheckpointFormatException(file, offset, "tensor '" + name + "' fails its CRC-32C checksum (stored "
                        + stored + ", computed " + actual + "): its bytes changed since the file was written (a flipped"
                        + " bit, a bad copy or disk); restore the file from a copy or retrain");
            }
        }
    }
}
