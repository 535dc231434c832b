package gradiente.mnist.fetch;

import gradiente.mnist.Gzip;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads (optionally gzip-compressed) tar archives, such as npm package tarballs, through Apache Commons
 * Compress' {@link TarArchiveInputStream}, which handles the formats' edge cases (ustar name prefixes,
 * GNU long names, pax extended and global headers, base-256 sizes, sparse and special entries). This
 * class only adds what the fetcher needs: entries with their full names and sizes, and errors that name
 * the archive and the byte offset reached.
 */
public final class TarReader implements AutoCloseable {
    private final String archive;
    private final TarArchiveInputStream in;

    /**
     * One entry: its full path inside the archive, its size in bytes, whether it is a regular file, and
     * the archive offset (uncompressed bytes) of its data, just after its header block.
     */
    public record Entry(String name, long size, boolean isFile, long dataOffset) {
        /** The last path component, e.g. {@code train-images-idx3-ubyte} of {@code package/data/train-images-idx3-ubyte}. */
        public String baseName() {
            String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            int slash = n.lastIndexOf('/');
            return slash < 0 ? n : n.substring(slash + 1);
        }
    }

    private TarReader(String archive, InputStream in) {
        this.archive = archive;
        this.in = new TarArchiveInputStream(in);
    }

    /** Opens a {@code .tar} or {@code .tgz} file (gzip recognised by its magic bytes). */
    public static TarReader open(Path file) throws IOException {
        return new TarReader(file.toString(), Gzip.maybeDecompress(Files.newInputStream(file)));
    }

    /** The next entry (file, folder or other), or null at the end of the archive; unread data of the previous one is skipped. */
    public Entry next() throws IOException {
        long at = in.getBytesRead();
        TarArchiveEntry e;
        try {
            e = in.getNextEntry();
        } catch (IOException | IllegalArgumentException ex) {
            throw new IOException(archive + ": bad tar header after offset " + at + " (not a tar archive, or corrupt): "
                    + ex.getMessage(), ex);
        }
        if (e == null) {
            return null;
        }
        long data = in.getBytesRead();
        if (!e.isCheckSumOK()) {
            throw new IOException(archive + ": tar header at offset " + (data - 512) + " has a bad checksum (not a tar archive, or corrupt)");
        }
        return new Entry(e.getName(), e.getSize(), e.isFile(), data);
    }

    /** Copies the current entry's data to {@code out}; fails, naming the entry and offset, when the archive ends early. */
    public void copyTo(OutputStream out, Entry e) throws IOException {
        byte[] buf = new byte[1 << 16];
        long copied = 0;
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                copied += n;
            }
        } catch (EOFException ex) {
            // reported below with the entry's name
        } catch (IOException ex) {
            if (!String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
                throw ex;
            }
        }
        if (copied != e.size()) {
            throw new EOFException(archive + ": entry " + e.name() + " (data at offset " + e.dataOffset() + ") declares "
                    + e.size() + " bytes, archive ends after " + copied + " of them, at offset " + in.getBytesRead());
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
