package gradiente.generative.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Opens a run folder ({@code --out}) for a training run, in this order: creates it, takes its
 * {@link RunFolderLock}, removes the temporary files of writes that a kill interrupted (the
 * {@code .NAME.RANDOM.tmp} files of {@link gradiente.tensor.io.AtomicFiles}; with the lock held, no
 * live process owns them), and refuses to start a new run over an earlier one unless asked:
 * {@code --resume} continues it, {@code --overwrite} first removes its files (checkpoint, generators,
 * samples, curves, metrics; nothing else in the folder is touched).
 */
public final class RunStart {
    /**
     * The temporary files of an atomic write, hidden and ending in {@code .tmp}: {@code .checkpoint.safetensors.k3x9q.tmp}
     * (and the older forms {@code .checkpoint.safetensors.12345.tmp}, {@code .metrics.json12345.tmp}).
     */
    static final Pattern LEFTOVER = Pattern.compile("^\\..+\\.tmp$");

    /** Files a training run writes at the top of its folder. */
    private static final Pattern RUN_FILE = Pattern.compile(
            "^(checkpoint\\.safetensors|generator.*\\.safetensors|metrics\\.(json|csv)|samples(-labels)?\\.idx|eval-gen\\.json|[^/]+\\.png)$");

    private RunStart() {
    }

    /**
     * @param command the command line to show for resuming an interrupted run, e.g. {@code ./gradiente train mlp ...}
     * @throws IllegalArgumentException when the folder holds a run and neither {@code resume} nor {@code overwrite} is set
     */
    public static RunFolder open(Path dir, boolean resume, boolean overwrite, String command, PrintStream log)
            throws IOException {
        if (dir.toString().isEmpty()) {
            throw new IllegalArgumentException("--out is empty; name a folder for the run");
        }
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume continues the run in --out and --overwrite replaces it: give one");
        }
        RunFolder folder = RunFolder.at(dir);
        RunFolderLock.acquire(dir, "interrupted: " + dir + " keeps the checkpoint of the last finished epoch; continue with: "
                + resumeCommand(command), log);
        List<Path> leftovers = leftovers(dir);
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
        }
        if (!leftovers.isEmpty()) {
            log.println("removed " + leftovers.size() + " temporary file(s) of a write that was interrupted (killed): "
                    + leftovers.stream().map(p -> dir.relativize(p).toString()).toList());
        }
        if (!resume && Files.exists(folder.checkpoint())) {
            if (!overwrite) {
                throw new IllegalArgumentException("--out " + dir + " already holds a run (" + folder.checkpoint().getFileName()
                        + (Files.exists(folder.metricsJson()) ? ", finished: metrics.json" : ", unfinished")
                        + "); continue it with --resume (and more --epochs), replace it with --overwrite, or choose another --out");
            }
            int removed = clear(dir);
            log.println("--overwrite: removed " + removed + " file(s) of the earlier run in " + dir);
        }
        return folder;
    }

    /** The command with {@code --resume} (and without {@code --overwrite}). */
    static String resumeCommand(String command) {
        String c = (" " + command + " ").replace(" --overwrite ", " ").trim();
        return c.contains(" --resume") ? c : c + " --resume";
    }

    /** Leftover temporary files in the folder, {@code samples/} and {@code eval/}. */
    static List<Path> leftovers(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : new Path[] {dir, dir.resolve("samples"), dir.resolve("eval")}) {
            if (Files.isDirectory(d)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                    for (Path p : s) {
                        if (Files.isRegularFile(p) && LEFTOVER.matcher(p.getFileName().toString()).matches()) {
                            out.add(p);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Removes the earlier run's files: {@link #RUN_FILE} at the top, PNGs in samples/, JSON in eval/. */
    private static int clear(Path dir) throws IOException {
        int n = 0;
        n += remove(dir, RUN_FILE);
        n += remove(dir.resolve("samples"), Pattern.compile("^.+\\.png$"));
        n += remove(dir.resolve("eval"), Pattern.compile("^.+\\.json$"));
        return n;
    }

    private static int remove(Path d, Pattern names) throws IOException {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                if (Files.isRegularFile(p) && names.matcher(p.getFileName().toString()).matches()) {
                    Files.delete(p);
                    n++;
                }
            }
        }
        return n;
    }
}
