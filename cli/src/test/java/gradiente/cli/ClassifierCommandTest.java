package gradiente.cli;

import gradiente.mnist.idx.SyntheticIdx;
import static org.assertj.core.api.Assertions.assertThat;

import gradiente.nn.Sequential;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.nn.layers.Flatten;
import gradiente.nn.layers.Linear;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train mlp} and {@code eval} on a tiny synthetic IDX set (seconds, not minutes). */
class ClassifierCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = SyntheticIdx.write(tmp.resolve("data"), 320, 120, 11);
    }

    private static CliHarness.Result train(Path out, String... extra) {
        String[] base = {"train", "mlp", "--dataset", "idx", "--data", data.toString(), "--out", out.toString(),
                "--batch", "32", "--seed", "5"};
        return CliHarness.run(base, extra);
    }

    @Test
    void trainsTheMlpAndWritesTheRunFolder() throws Exception {
        Path out = tmp.resolve("run");
        var r = train(out, "--epochs", "3");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(CliHarness.finalAccuracy(r.out())).isGreaterThan(0.9);
        assertThat(r.out()).contains("118,282 parameters").contains("per-class accuracy:").contains("seconds per epoch: mean");
        for (String f : new String[] {"checkpoint.safetensors", "metrics.csv", "loss.png", "accuracy.png", "confusion.png"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(ImageIO.read(out.resolve("accuracy.png").toFile())).isNotNull();
        String json = Files.readString(out.resolve("metrics.json"));
        assertThat(json).containsPattern("\"test_accuracy\": (1|0\\.9[0-9]*)\n").contains("\"batch\": 32,").contains("\"parameters\": 118282").contains("\"seconds_per_epoch\": [");
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(4).first().asString()
                .startsWith("epoch,loss,accuracy,seconds,images_per_second,test_loss,test_accuracy");
    }

    @Test
    void twoEpochsThenResumingForOneEqualsThreeEpochsBitForBit() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        assertThat(train(straight, "--epochs", "3").code()).isZero();
        assertThat(train(split, "--epochs", "2").code()).isZero();
        var resumed = train(split, "--epochs", "3", "--resume");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("after epoch 2 of 3").contains("epoch 3/3").doesNotContain("epoch 1/3");

        Map<String, Tensor> a = SafeTensors.read(straight.resolve("checkpoint.safetensors")).tensors();
        Map<String, Tensor> b = SafeTensors.read(split.resolve("checkpoint.safetensors")).tensors();
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        assertThat(a.keySet()).contains("1.weight", "optim/1.weight/s", "optim/1.weight/r");
        for (String k : a.keySet()) {
            assertThat(b.get(k).toFloatArray()).as(k).containsExactly(a.get(k).toFloatArray());
        }
        assertThat(Files.readAllLines(split.resolve("metrics.csv"))).hasSize(4);
    }

    @Test
    void resumingWithOtherSettingsOrNoCheckpointIsExplained() {
        Path out = tmp.resolve("noresume");
        var none = train(out, "--epochs", "1", "--resume");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("no checkpoint").contains("without --resume");
        assertThat(train(out, "--epochs", "1").code()).isZero();
        var other = CliHarness.run("train", "mlp", "--dataset", "idx", "--data", data.toString(), "--out", out.toString(),
                "--batch", "64", "--seed", "5", "--epochs", "2", "--resume");
        assertThat(other.code()).isNotZero();
        assertThat(other.err()).contains("batch=32").contains("batch=64");
    }

    @Test
    void evalReportsAccuracyConfusionAndMistakes() throws Exception {
        Path out = tmp.resolve("foreval");
        assertThat(train(out, "--epochs", "1", "--train-size", "64").code()).isZero();
        Path report = tmp.resolve("report");
        var r = CliHarness.run("eval", "--model", "mlp", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--dataset", "idx", "--data", data.toString(), "--out", report.toString(), "--mistakes", "4");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("per-class accuracy:").contains("true \\ pred").contains("overall accuracy");
        double acc = CliHarness.finalAccuracy(r.out());
        assertThat(acc).isBetween(0.0, 1.0);
        assertThat(report.resolve("confusion.png")).isRegularFile();
        if (acc < 1) {
            assertThat(r.out()).contains("most confident mistakes");
            assertThat(ImageIO.read(report.resolve("mistakes.png").toFile())).isNotNull();
        }
        var inferred = CliHarness.run("eval", "--checkpoint", out.resolve("checkpoint.safetensors").toString(),
                "--dataset", "idx", "--data", data.toString(), "--out", report.toString());
        assertThat(inferred.code()).isZero();
        assertThat(CliHarness.finalAccuracy(inferred.out())).isEqualTo(acc);
    }

    @Test
    void aCheckpointOfAnotherModelNamesTheFirstMismatchingTensorAndBothShapes() throws Exception {
        Path file = tmp.resolve("other.safetensors");
        Sequential other = new Sequential(new Flatten(), new Linear(784, 64, new Generator(1)));
        Checkpoint.save(file, other, null, Map.of(), Map.of());
        var r = CliHarness.run("eval", "--model", "mlp", "--checkpoint", file.toString(), "--dataset", "idx", "--data",
                data.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("'1.weight' [64, 784]").contains("'1.weight' [128, 784]").contains("does not hold a mlp model")
                .doesNotContain("\tat ");
    }

    @Test
    void aWrongDataFolderGivesOneParagraph() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        var r = CliHarness.run("train", "mlp", "--data", empty.toString(), "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(empty.toString()).contains("--data").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).isLessThanOrEqualTo(2);
    }

    @Test
    void helpDescribesTheOptions() {
        var t = CliHarness.run("train", "mlp", "--help");
        assertThat(t.code()).isZero();
        assertThat(t.out()).contains("--epochs").contains("--batch").contains("--lr").contains("--seed").contains("--data")
                .contains("--dataset").contains("--out").contains("--device").contains("--resume").contains("118,282");
        var e = CliHarness.run("eval", "--help");
        assertThat(e.code()).isZero();
        assertThat(e.out()).contains("--model").contains("--checkpoint").contains("mistakes.png");
    }
}
