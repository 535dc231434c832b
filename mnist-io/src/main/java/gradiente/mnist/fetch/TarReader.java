package gradiente.mnist.fetch;

import gradiente.mnist.Gzip;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal reader of (optionally gzip-compressed) ustar archives, enough for npm package tarballs:
 * 512-byte headers (name, octal size, type flag, ustar prefix, verified header checksum), GNU long
 * names ({@code L}) and pax {@code path} records ({@code x}); entry data padded to 512-byte blocks; the
 * archive ends at a zero block. Errors name the archive and the byte offset of the bad header.
 */
public final class TarReader implements AutoCloseable {
    private static final int BLOCK = 512;

    private final String archive;
    private final InputStream in;
    private long position;
    private long pendingData;
    private long pendingPad;

    /** One entry header. */
    public record Entry(String name, long size, char type, long headerOffset) {
        /** True for regular files. */
        public boolean isFile() {
            return type == '0' || type == '\0';
        }

        /** The last path component, e.g. {@code train-images-idx3-ubyte} of {@code package/data/train-images-idx3-ubyte}. */
        public String baseName() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? name : name.substring(slash + 1);
        }
    }

    private TarReader(String archive, InputStream in) {
        this.archive = archive;
        this.in = in;
    }

    /** Opens a {@code .tar} or {@code .tgz} file (gzip recognised by its magic bytes). */
    public static TarReader open(Path file) throws IOException {
        InputStream in = Gzip.maybeDecompress(Files.newInputStream(file));
        return new TarReader(file.toString(), in);
    }

    /** The next file or folder entry, or null at the end of the archive. */
    public Entry next() throws IOException {
        skip(pendingData + pendingPad);
        pendingData = 0;
        pendingPad = 0;
        String longName = null;
        while (true) {
            long at = position;
            byte[] h = new byte[BLOCK];
            int got = readFully(h);
            if (got == 0 || isZero(h)) {
                return null;
            }
            if (got < BLOCK) {
                throw new IOException(archive + ": tar header at offset " + at + " is cut short after " + got + " bytes");
            }
            verifyChecksum(h, at);
            long size = octal(h, 124, 12, at);
            char type = (char) h[156];
            String name = longName != null ? longName : name(h);
            if (type == 'L' || type == 'x' || type == 'g') {
                byte[] body = readBody(size, at);
                if (type == 'L') {
                    longName = cString(body, 0, body.length);
                } else if (type == 'x') {
                    String p = paxPath(body);
                    longName = p != null ? p : longName;
                }
                continue;
            }
            pendingData = size;
            pendingPad = padding(size);
            return new Entry(name, size, type, at);
        }
    }

    /** Copies the current entry's data to {@code out}; fails when the archive ends early. */
    public void copyTo(OutputStream out, Entry e) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = pendingData;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException(archive + ": entry " + e.name() + " (header at offset " + e.headerOffset() + ") declares "
                        + e.size() + " bytes, archive ends at offset " + position);
            }
            out.write(buf, 0, n);
            left -= n;
            position += n;
        }
        pendingData = 0;
    }

    private byte[] readBody(long size, long at) throws IOException {
        if (size > (1 << 20)) {
            throw new IOException(archive + ": extended header at offset " + at + " is implausibly large (" + size + " bytes)");
        }
        byte[] body = new byte[(int) size];
        if (readFully(body) < size) {
            throw new EOFException(archive + ": extended header at offset " + at + " is cut short");
        }
        skip(padding(size));
        return body;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private void verifyChecksum(byte[] h, long at) throws IOException {
        long stored = octal(h, 148, 8, at);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException(archive + ": tar header at offset " + at + " has checksum " + stored + ", computed " + sum
                    + " (not a tar archive, or corrupt)");
        }
    }

    private long octal(byte[] h, int off, int len, long at) throws IOException {
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i];
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException(archive + ": tar header at offset " + at + " has a non-octal byte " + c + " in the field at "
                        + off);
            }
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    private static String name(byte[] h) {
        String base = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? base : prefix + "/" + base;
    }

    private static String paxPath(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) {
                return line.substring(sp + 6);
            }
        }
        return null;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private int readFully(byte[] b) throws IOException {
        int got = 0;
        while (got < b.length) {
            int n = in.read(b, got, b.length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        position += got;
        return got;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException(archive + ": archive ends at offset " + position + " inside an entry");
                }
                s = 1;
            }
            left -= s;
            position += s;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
