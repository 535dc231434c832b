package gradiente.cli;

import gradiente.mnist.idx.SyntheticIdx;
import static org.assertj.core.api.Assertions.assertThat;

import gradiente.mnist.Split;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxReader;
import gradiente.mnist.idx.IdxWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval-classifier} then {@code eval-gen} end to end, with a 3-filter CNN trained for one epoch on
 * a tiny synthetic IDX set standing in for the repository's classifier.
 */
class EvalGenCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path classifier;

    @BeforeAll
    static void classifier() throws Exception {
        data = SyntheticIdx.write(tmp.resolve("data"), 128, 60, 21);
        Path run = tmp.resolve("cnn");
        var t = CliHarness.run("train", "cnn", "--dataset", "idx", "--data", data.toString(), "--out", run.toString(),
                "--epochs", "1", "--batch", "32", "--filters", "3", "--lr", "0.005");
        assertThat(t.code()).as(t.out() + t.err()).isZero();
        classifier = tmp.resolve("eval.safetensors");
        var e = CliHarness.run("eval-classifier", "--checkpoint", run.resolve("checkpoint.safetensors").toString(), "--out",
                classifier.toString(), "--dataset", "idx", "--data", data.toString());
        assertThat(e.code()).as(e.out() + e.err()).isZero();
        assertThat(e.out()).contains("real-vs-real floor: fid=").contains("sha256 ");
        assertThat(tmp.resolve("eval.safetensors.sha256")).isRegularFile();
    }

    private static CliHarness.Result evalGen(String... args) {
        String[] base = {"eval-gen", "--classifier", classifier.toString(), "--dataset", "idx", "--data", data.toString()};
        String[] all = Arrays.copyOf(base, base.length + args.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        return CliHarness.run(all);
    }

    private static double value(String name, String text) {
        Matcher m = Pattern.compile(name + "=([0-9.eE+-]+)").matcher(text);
        assertThat(m.find()).as(name + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theTestImagesThemselvesScoreZeroAndAOneImageRunRaisesTheAlarm() throws Exception {
        Path real = tmp.resolve("real");
        Files.createDirectories(real);
        Files.copy(data.resolve(Split.TEST.imagesFile()), real.resolve("samples.idx"));
        var r = evalGen("--run", real.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(value("fid", r.out())).isLessThan(1e-6);
        double floor = value("real_vs_real_floor", r.out());
        assertThat(floor).isGreaterThan(0);
        assertThat(r.out()).contains("class 9:").contains("mean confidence").doesNotContain("conditional_accuracy");
        assertThat(Files.readString(real.resolve("eval-gen.json"))).contains("\"fid\": ").contains("\"class_counts\": [");

        IdxImages test = IdxReader.readImages(data.resolve(Split.TEST.imagesFile()));
        byte[] same = new byte[60 * 784];
        for (int i = 0; i < 60; i++) {
            System.arraycopy(test.pixels(), 0, same, i * 784, 784);
        }
        Path collapsed = tmp.resolve("collapsed");
        Files.createDirectories(collapsed);
        IdxWriter.writeImages(collapsed.resolve("samples.idx"), new IdxImages(60, 28, 28, same), false);
        int[] wanted = new int[60];
        IdxWriter.writeLabels(collapsed.resolve("samples-labels.idx"), wanted, false);
        var c = evalGen("--run", collapsed.toString());
        assertThat(c.code()).as(c.out() + c.err()).isZero();
        assertThat(c.out()).contains("RAISED").contains("conditional_accuracy=").containsPattern("\\(100\\.0%\\)");
        assertThat(value("fid", c.out())).isGreaterThan(floor);
        double agreement = value("conditional_accuracy", c.out());
        assertThat(agreement == 0 || agreement == 1).as("all 60 identical images get one class").isTrue();

        var recomputed = evalGen("--images", real.resolve("samples.idx").toString(), "--recompute-real");
        assertThat(recomputed.code()).isZero();
        assertThat(value("real_vs_real_floor", recomputed.out())).as("the same data gives the file's floor").isEqualTo(floor);

        var half = evalGen("--images", real.resolve("samples.idx").toString(), "--count", "30");
        assertThat(half.code()).isZero();
        assertThat(half.out()).contains("(30 images)");
    }

    @Test
    void aConditionalGeneratorIsScoredDirectlyAndItsRunFolderThroughSamplesIdx() throws Exception {
        Path run = tmp.resolve("cgan");
        var t = CliHarness.run("train", "cgan", "--dataset", "idx", "--data", data.toString(), "--out", run.toString(),
                "--seed", "5", "--epochs", "1", "--batch", "64", "--latent", "8", "--samples", "40", "--grid", "2");
        assertThat(t.code()).as(t.out() + t.err()).isZero();
        var direct = evalGen("--generator", run.toString(), "--count", "40", "--seed", "3");
        assertThat(direct.code()).as(direct.out() + direct.err()).isZero();
        assertThat(direct.out()).contains("cgan generator").contains("(40 images)").contains("conditional_accuracy=");
        assertThat(value("fid", direct.out())).isGreaterThan(0);
        var again = evalGen("--generator", run.toString(), "--count", "40", "--seed", "3");
        assertThat(value("fid", again.out())).as("same seed, same images").isEqualTo(value("fid", direct.out()));
        var folder = evalGen("--run", run.toString());
        assertThat(folder.code()).as(folder.out() + folder.err()).isZero();
        assertThat(folder.out()).contains("samples.idx").contains("conditional_accuracy=").contains("(40 images)");
    }

    @Test
    void missingImagesOrATamperedClassifierAreExplainedInOneParagraph() throws Exception {
        var none = evalGen("--run", tmp.resolve("nothing").toString());
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("samples.idx").contains("no generated images").doesNotContain("\tat ");

        Path bad = tmp.resolve("bad.safetensors");
        byte[] bytes = Files.readAllBytes(classifier);
        bytes[bytes.length / 2] ^= 4;
        Files.write(bad, bytes);
        Files.copy(tmp.resolve("eval.safetensors.sha256"), tmp.resolve("bad.safetensors.sha256"));
        var r = CliHarness.run("eval-gen", "--classifier", bad.toString(), "--images", data.resolve(Split.TEST.imagesFile()).toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("SHA-256").contains("corrupt").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).isLessThanOrEqualTo(2);

        var both = CliHarness.run("eval-gen", "--run", "a", "--images", "b");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void helpStatesTheContract() {
        var h = CliHarness.run("eval-gen", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("--run").contains("--images").contains("samples.idx").contains("samples-labels.idx")
                .contains("fid=");
        assertThat(h.err()).doesNotContain("Could not format");
    }
}
