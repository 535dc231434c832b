package gradiente.mnist.idx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads MNIST-style IDX files, raw or gzip-compressed (recognised by content). Everything is checked
 * before use: the magic number (element type unsigned byte, the expected rank), the dimension sizes,
 * the data length against the header (neither truncated nor with trailing bytes) and, for labels, the
 * range {@code 0..numClasses-1}. Every error is an {@link IdxFormatException} naming the file and the
 * byte offset, counted in the decompressed content for gzip files.
 *
 * <p>Layout (big-endian): magic {@code 0x00000803}, count, rows, cols, then {@code count*rows*cols}
 * pixels for images; magic {@code 0x00000801}, count, then {@code count} labels for labels.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Reads an images file ({@code [count, rows, cols]} unsigned bytes). */
    public static IdxImages readImages(Path file) throws IOException {
        byte[] b = IdxBytes.read(file);
        int[] dims = header(file.toString(), b, IdxType.IMAGES);
        int start = IdxType.IMAGES.headerBytes();
        byte[] pixels = java.util.Arrays.copyOfRange(b, start, b.length);
        return new IdxImages(dims[0], dims[1], dims[2], pixels);
    }

    /** Reads a labels file ({@code [count]} unsigned bytes), each checked to lie in {@code 0..numClasses-1}. */
    public static int[] readLabels(Path file, int numClasses) throws IOException {
        byte[] b = IdxBytes.read(file);
        int[] dims = header(file.toString(), b, IdxType.LABELS);
        int start = IdxType.LABELS.headerBytes();
        int[] labels = new int[dims[0]];
        for (int i = 0; i < labels.length; i++) {
            int v = b[start + i] & 0xFF;
            if (v >= numClasses) {
                throw new IdxFormatException(file.toString(), start + i, "label " + v + " at offset " + (start + i)
                        + " (item " + i + ") is outside 0.." + (numClasses - 1));
            }
            labels[i] = v;
        }
        return labels;
    }

    /** Validates the header and the data length; returns the dimension sizes. */
    static int[] header(String name, byte[] b, IdxType type) throws IdxFormatException {
        if (b.length < 4) {
            throw new IdxFormatException(name, 0, "file is " + b.length
                    + " bytes long, too short for the 4-byte IDX magic number at offset 0");
        }
        int magic = readInt(b, 0);
        if (magic != type.magic()) {
            throw new IdxFormatException(name, 0, String.format("bad magic number 0x%08X at offset 0, expected 0x%08X (%s)%s",
                    magic, type.magic(), type.describe(), magicHint(magic)));
        }
        if (b.length < type.headerBytes()) {
            throw new IdxFormatException(name, 4, "expected " + 4 * type.rank() + " bytes of dimension sizes at offset 4, file ends at "
                    + b.length);
        }
        int[] dims = new int[type.rank()];
        long expected = 1;
        for (int d = 0; d < dims.length; d++) {
            int off = 4 + 4 * d;
            dims[d] = readInt(b, off);
            if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                throw new IdxFormatException(name, off, "dimension " + d + " at offset " + off + " has impossible size "
                        + Integer.toUnsignedString(dims[d]));
            }
            expected *= dims[d];
        }
        long start = type.headerBytes();
        long end = start + expected;
        if (b.length < end) {
            throw new IdxFormatException(name, b.length, "expected " + expected + " bytes of " + type.payload() + " at offset "
                    + start + ", file ends at " + b.length);
        }
        if (b.length > end) {
            throw new IdxFormatException(name, end, (b.length - end) + " unexpected bytes after the " + type.payload()
                    + " that ends at offset " + end + " (file is " + b.length + " bytes)");
        }
        return dims;
    }

    private static String magicHint(int magic) {
        if (magic == IdxType.IMAGES.magic()) {
            return "; this is an images file";
        }
        if (magic == IdxType.LABELS.magic()) {
            return "; this is a labels file";
        }
        return "";
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
