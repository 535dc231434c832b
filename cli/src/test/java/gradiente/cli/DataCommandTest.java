package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.mnist.Split;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A Fashion-MNIST-named folder of tiny synthetic files (Fashion files are located, never fetched). */
    private Path fakeFashion(int n) throws IOException {
        Path dir = tmp.resolve("fashion");
        for (Split s : Split.values()) {
            byte[] px = new byte[n * 28 * 28];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 10;
                java.util.Arrays.fill(px, i * 784, (i + 1) * 784, (byte) (i * 20));
            }
            IdxWriter.writeImages(dir.resolve(s.imagesFile()), new IdxImages(n, 28, 28, px), true);
            IdxWriter.writeLabels(dir.resolve(s.labelsFile()), labels, false);
        }
        return dir;
    }

    @Test
    void fetchRejectsFilesThatAreNotTheRealDataSet() throws IOException {
        Result r = run("data", "fetch", "--dataset", "fashion", "--dir", fakeFashion(3).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("train-images-idx3-ubyte: SHA-256 is").contains("delete it and fetch again");
    }

    @Test
    void fetchOfMissingFashionGivesTheInstallCommand() {
        Result r = run("data", "fetch", "--dataset", "fashion", "--dir", tmp.resolve("nothing").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Fashion-MNIST not found").contains("apt-get install dataset-fashion-mnist");
    }

    @Test
    void helpListsTheSubcommands() {
        Result r = run("data", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("fetch").contains("show");
    }

    @Test
    void badDatasetNameIsNamed() {
        Result r = run("data", "fetch", "--dataset", "cifar");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("dataset: expected mnist, fashion or idx, got 'cifar'");
    }

    /** {@code data show} on real Fashion-MNIST when Debian's package is installed, else on a copy check skipped by assumption. */
    @Test
    void showWritesAGridOfTheRequestedSize() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "opt-in data test: needs Debian's dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist)");
        Path png = tmp.resolve("grid.png");
        Result r = run("data", "show", "--dataset", "fashion", "--split", "test", "--count", "12", "--columns", "4",
                "--scale", "1", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(4 * 28 + 5 * 2);
        assertThat(img.getHeight()).isEqualTo(3 * 28 + 4 * 2);
        assertThat(r.out()).contains("Ankle boot").contains("12 images of fashion-mnist/test");
    }
}
