package gradiente.cli;

import gradiente.mnist.idx.SyntheticIdx;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NaiveBayesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainsBothModelsOnAnIdxFolderAndWritesGridsAndMetrics() throws Exception {
        Path data = SyntheticIdx.write(tmp.resolve("data"), 400, 200, 7);
        Path out = tmp.resolve("out");
        var r = CliHarness.run("train", "nb", "--dataset", "idx", "--data", data.toString(),
                "--out", out.toString(), "--samples", "4");
        String text = r.out();
        assertThat(r.code()).as(text + r.err()).isZero();
        Matcher m = Pattern.compile("bernoulli_test_accuracy=([0-9.]+) gaussian_test_accuracy=([0-9.]+)").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.95);
        assertThat(Double.parseDouble(m.group(2))).isGreaterThan(0.95);
        var grid = ImageIO.read(out.resolve("bernoulli-samples.png").toFile());
        assertThat(grid).isNotNull();
        assertThat(grid.getHeight()).isGreaterThan(grid.getWidth()); // 10 rows of 4 samples
        assertThat(Files.exists(out.resolve("gaussian-samples.png"))).isTrue();
        assertThat(Files.exists(out.resolve("gaussian-confusion.png"))).isTrue();
        assertThat(Files.readString(out.resolve("metrics.json"))).contains("\"bernoulli_test_accuracy\": ");
    }
}
