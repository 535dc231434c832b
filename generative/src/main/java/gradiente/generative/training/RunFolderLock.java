package gradiente.generative.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock of a run folder, so that two training runs never write into one {@code --out}: the file
 * {@value #FILE} in the folder, locked with an operating-system file lock for as long as the run lasts
 * and holding the owner's process id. The operating system releases the lock when its process ends,
 * however it ends ({@code SIGKILL} included), so a lock left by a dead process is simply taken over;
 * the file's process id is only there for the message ("in use by process N"). The file is emptied,
 * not deleted, on release (deleting it would let a waiting process lock a file no one else sees).
 *
 * <p>Within one process a folder is held by a thread: a run on a folder that another live thread holds
 * is refused, while a lock left by the same thread (an earlier run that ended, normally or with an
 * error, without {@link #close}: a library caller's second {@code fit}) or by a thread that has ended
 * is taken over.
 *
 * <p>Each held lock registers a shutdown hook that prints one line on an interrupted run (Ctrl-C,
 * {@code SIGTERM}) saying how to resume it; {@link #releaseAll} (called when a command returns) releases
 * every lock of this process and removes the hooks.
 */
public final class RunFolderLock implements AutoCloseable {
    /** Name of the lock file in the run folder. */
    public static final String FILE = ".lock";

    private static final Set<RunFolderLock> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread hook;
    private final Thread owner = Thread.currentThread();

    private RunFolderLock(Path dir, FileChannel channel, FileLock lock, Thread hook) {
        this.dir = dir.toAbsolutePath().normalize();
        this.channel = channel;
        this.lock = lock;
        this.hook = hook;
    }

    /**
     * Locks {@code dir} (which must exist) for this process.
     *
     * @param onInterrupt the line printed if the process is interrupted while holding the lock (null: none)
     * @param log         where the note about a taken-over stale lock goes
     * @throws IllegalStateException when another process, or another run of this one, holds the folder
     */
    public static RunFolderLock acquire(Path dir, String onInterrupt, PrintStream log) throws IOException {
        Path file = dir.resolve(FILE);
        for (RunFolderLock held : Set.copyOf(HELD)) {
            if (held.dir.equals(dir.toAbsolutePath().normalize())) {
                if (held.owner != Thread.currentThread() && held.owner.isAlive()) {
                    throw new IllegalStateException("--out " + dir + " is in use by another run of this process (pid "
                            + ProcessHandle.current().pid() + ", thread " + held.owner.getName() + "); wait for it to"
                            + " finish or choose another --out");
                }
                held.close();
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new IllegalStateException("--out " + dir + " is in use by another run of this process (pid "
                    + ProcessHandle.current().pid() + "); wait for it to finish or choose another --out");
        }
        if (lock == null) {
            String owner = read(ch);
            ch.close();
            throw new IllegalStateException("--out " + dir + " is in use by process " + pid(owner).map(String::valueOf)
                    .orElse("(unknown)") + " (lock file " + file + "); wait for it to finish, or choose another --out");
        }
        String previous = read(ch);
        Optional<Long> stale = pid(previous);
        if (stale.isPresent() && stale.get() != ProcessHandle.current().pid()) {
            log.println("note: took over the lock of " + dir + " left by process " + stale.get() + ", which is no longer running");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + "\nsince=" + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        Thread hook = null;
        if (onInterrupt != null) {
            hook = new Thread(() -> System.err.println(onInterrupt), "gradiente-interrupt-note");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        RunFolderLock l = new RunFolderLock(dir, ch, lock, hook);
        HELD.add(l);
        return l;
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static Optional<Long> pid(String content) {
        for (String line : content.split("\n")) {
            if (line.startsWith("pid=")) {
                try {
                    return Optional.of(Long.parseLong(line.substring(4).trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The locked folder. */
    public Path dir() {
        return dir;
    }

    /** Empties the lock file and releases the lock (idempotent). */
    @Override
    public void close() throws IOException {
        if (!HELD.remove(this)) {
            return;
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs, which is right for an interrupted run.
            }
        }
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Releases this process's lock of {@code dir}, if it holds one (a run has finished). */
    public static void release(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        for (RunFolderLock l : Set.copyOf(HELD)) {
            if (l.dir.equals(d)) {
                l.close();
            }
        }
    }

    /** Releases every lock this process holds (the command has returned). */
    public static void releaseAll() {
        for (RunFolderLock l : Set.copyOf(HELD)) {
            try {
                l.close();
            } catch (IOException e) {
                // The process still ends its use of the folder; the operating system drops the lock at exit.
            }
        }
    }
}
