package gradiente.cli;

import gradiente.mnist.idx.SyntheticIdx;
import static org.assertj.core.api.Assertions.assertThat;

import gradiente.nn.checkpoint.SafeTensors;
import gradiente.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train cnn} and {@code eval} of its checkpoints, with 4 filters on a tiny synthetic IDX set. */
class CnnCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = SyntheticIdx.write(tmp.resolve("data"), 256, 100, 13);
    }

    private static CliHarness.Result train(String model, Path out, String... extra) {
        String[] base = {"train", model, "--dataset", "idx", "--data", data.toString(), "--out", out.toString(),
                "--batch", "32", "--seed", "3"};
        return CliHarness.run(base, extra);
    }

    @Test
    void aTinyCnnLearnsTheSyntheticDigitsAndWritesTheRunFolder() throws Exception {
        Path out = tmp.resolve("run");
        var r = train("cnn", out, "--epochs", "4", "--filters", "4", "--lr", "0.005");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        double acc = CliHarness.finalAccuracy(r.out());
        assertThat(acc).isGreaterThan(0.8);
        // 9*4+4 + 9*4*4+4 + 4*5*5*64+64 + 650
        assertThat(r.out()).contains("cnn on ").contains("7,302 parameters").contains("per-class accuracy:");
        for (String f : new String[] {"checkpoint.safetensors", "metrics.csv", "loss.png", "accuracy.png", "confusion.png"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        String json = Files.readString(out.resolve("metrics.json"));
        assertThat(json).contains("\"model\": \"cnn\"").contains("\"filters\": 4,").contains("\"batch\": 32,")
                .contains("\"parameters\": 7302").containsPattern("\"test_accuracy\": (1|0\\.[0-9]+)\n");
        Matcher first = Pattern.compile("(?m)^epoch 1/4 .*test_accuracy ([0-9.]+)").matcher(r.out().replace('\r', '\n'));
        assertThat(first.find()).as(r.out()).isTrue();
        assertThat(acc).as("accuracy after 4 epochs vs after 1").isGreaterThan(Double.parseDouble(first.group(1)));

        var ev = CliHarness.run("eval", "--checkpoint", out.resolve("checkpoint.safetensors").toString(), "--dataset", "idx",
                "--data", data.toString(), "--out", tmp.resolve("evalcnn").toString());
        assertThat(ev.code()).as(ev.out() + ev.err()).isZero();
        assertThat(ev.out()).contains("cnn from").contains("7,302 parameters");
        assertThat(CliHarness.finalAccuracy(ev.out())).isEqualTo(acc);
    }

    @Test
    void twoEpochsThenResumingForOneEqualsThreeEpochsBitForBit() throws Exception {
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        assertThat(train("cnn", straight, "--epochs", "3", "--filters", "3", "--train-size", "96").code()).isZero();
        assertThat(train("cnn", split, "--epochs", "2", "--filters", "3", "--train-size", "96").code()).isZero();
        var resumed = train("cnn", split, "--epochs", "3", "--filters", "3", "--train-size", "96", "--resume");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("after epoch 2 of 3").contains("epoch 3/3").doesNotContain("epoch 1/3");
        Map<String, Tensor> a = SafeTensors.read(straight.resolve("checkpoint.safetensors")).tensors();
        Map<String, Tensor> b = SafeTensors.read(split.resolve("checkpoint.safetensors")).tensors();
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        assertThat(a.keySet()).contains("0.weight", "3.weight", "8.weight", "optim/0.weight/s");
        for (String k : a.keySet()) {
            assertThat(b.get(k).toFloatArray()).as(k).containsExactly(a.get(k).toFloatArray());
        }
        var other = train("cnn", split, "--epochs", "4", "--filters", "5", "--train-size", "96", "--resume");
        assertThat(other.code()).isNotZero();
        assertThat(other.err()).contains("[3, 1, 3, 3]").contains("[5, 1, 3, 3]").doesNotContain("\tat ");
    }

    @Test
    void aCheckpointOfTheOtherClassifierNamesTheTensorAndBothShapes() throws Exception {
        Path mlp = tmp.resolve("mlp");
        assertThat(train("mlp", mlp, "--epochs", "1", "--train-size", "32").code()).isZero();
        var r = CliHarness.run("eval", "--model", "cnn", "--checkpoint", mlp.resolve("checkpoint.safetensors").toString(),
                "--dataset", "idx", "--data", data.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("does not hold a cnn model").contains("saved by mlp")
                .contains("'0.weight' [64, 1, 3, 3]").contains("'1.weight' [128, 784]").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).isLessThanOrEqualTo(2);
    }

    @Test
    void helpNamesTheOptionsAndTheParameterCount() {
        var t = CliHarness.run("train", "cnn", "--help");
        assertThat(t.code()).isZero();
        assertThat(t.out()).contains("--epochs").contains("--batch").contains("--lr").contains("--seed").contains("--data")
                .contains("--out").contains("--device").contains("--resume").contains("--filters").contains("140,682")
                .contains("99.3%");
        assertThat(t.err()).doesNotContain("Could not format");
    }
}
