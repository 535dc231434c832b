package gradiente.tensor.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The project's one durable, atomic file replacement (checkpoints, PNG grids, CSV and JSON files, IDX
 * files, fetched data sets). The content is written to a temporary file in the target's folder, forced
 * to disk, then renamed over the target with an atomic move, and the folder is forced too, so readers
 * see either the old file or the complete new one, a crash leaves the previous version intact, and a
 * failed write removes the temporary file.
 *
 * <p>The temporary file is created like any new file, without explicit permissions, so the result gets
 * the user's umask (typically {@code rw-r--r--}), not the {@code rw-------} of
 * {@link Files#createTempFile}.
 */
public final class AtomicFiles {
    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} atomically and durably with what {@code body} writes, creating missing parent folders. */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        boolean moved = false;
        try {
            FileChannel opened = null;
            while (opened == null) {
                tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    opened = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    // another writer's temporary file: draw another name
                }
            }
            try (FileChannel ch = opened) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.write(out);
                out.flush();
                ch.force(true);
            }
            rename(tmp, abs);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved && tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Moves a finished file (e.g. one just downloaded and verified) over {@code target}: its content is
     * forced to disk first, the rename is atomic where the file system allows it (a plain replacing move
     * across file systems), and the target's folder is forced afterwards.
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path abs = target.toAbsolutePath();
        rename(source, abs);
        syncDirectory(abs.getParent());
    }

    private static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable where the platform allows opening a folder (Linux); else a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every file system lets a folder be opened; the rename itself is still atomic.
        }
    }
}
