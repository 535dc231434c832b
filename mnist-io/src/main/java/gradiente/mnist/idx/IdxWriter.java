package gradiente.mnist.idx;

import gradiente.tensor.io.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files in the layout {@link IdxReader} reads, raw or gzip-compressed, atomically. Used for
 * synthetic data sets and tests.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** Writes images {@code [count, rows, cols]}. */
    public static void writeImages(Path file, IdxImages images, boolean gzip) throws IOException {
        write(file, IdxType.IMAGES, new int[] {images.count(), images.rows(), images.cols()}, images.pixels(), gzip);
    }

    /** Writes labels, each in {@code 0..255}. */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("IdxWriter: label " + labels[i] + " at position " + i
                        + " does not fit an unsigned byte");
            }
            data[i] = (byte) labels[i];
        }
        write(file, IdxType.LABELS, new int[] {labels.length}, data, gzip);
    }

    private static void write(Path file, IdxType type, int[] dims, byte[] data, boolean gzip) throws IOException {
        AtomicFiles.write(file, sink -> {
            OutputStream out = gzip ? new GZIPOutputStream(sink, 1 << 16) : sink;
            DataOutputStream d = new DataOutputStream(out);
            d.writeInt(type.magic());
            for (int v : dims) {
                d.writeInt(v);
            }
            d.write(data);
            d.flush();
            if (out instanceof GZIPOutputStream g) {
                g.finish();
            }
        });
    }
}
