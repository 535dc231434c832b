package gradiente.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradiente.generative.recipes.GanRun;
import gradiente.mnist.idx.SyntheticIdx;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example program on data written here (no network, no cached MNIST). */
class ExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void xorIsLearned() {
        double[] p = XorNetwork.train(500, 1);
        assertThat(p[0]).isLessThan(0.1);
        assertThat(p[1]).isGreaterThan(0.9);
        assertThat(p[2]).isGreaterThan(0.9);
        assertThat(p[3]).isLessThan(0.1);
    }

    @Test
    void thesisGraphMatchesTheChainRuleAndCentralDifferences() {
        double[] r = ThesisGraph.valueAndGradient(-2, 3, 2);
        // v = 1, u = 2 > 0: f = 2, df/dx = df/dy = z = 2, df/dz = x + y = 1 (thesis 2.5).
        assertThat(r).containsExactly(2, 2, 2, 1);
        double h = 1e-6;
        double[] plus = {ThesisGraph.valueAndGradient(-2 + h, 3, 2)[0], ThesisGraph.valueAndGradient(-2, 3 + h, 2)[0],
                ThesisGraph.valueAndGradient(-2, 3, 2 + h)[0]};
        double[] minus = {ThesisGraph.valueAndGradient(-2 - h, 3, 2)[0], ThesisGraph.valueAndGradient(-2, 3 - h, 2)[0],
                ThesisGraph.valueAndGradient(-2, 3, 2 - h)[0]};
        for (int i = 0; i < 3; i++) {
            assertThat(r[i + 1]).isCloseTo((plus[i] - minus[i]) / (2 * h), within(1e-6));
        }
        // Where u < 0 the ReLU passes no gradient.
        assertThat(ThesisGraph.valueAndGradient(-2, 1, 2)).containsExactly(new double[] {0, 0, 0, 0}, within(0.0));
    }

    @Test
    void mlpLearnsTheSyntheticDigits() throws IOException {
        Path data = SyntheticIdx.write(Files.createDirectories(tmp.resolve("data")), 1024, 256, 7);
        assertThat(MnistMlp.trainAndScore(data, 2)).isGreaterThan(0.9);
    }

    @Test
    void dcganTrainsThroughTheRecipeAndItsGeneratorSamples() throws IOException {
        Path data = SyntheticIdx.write(Files.createDirectories(tmp.resolve("data")), 64, 16, 3);
        Path run = tmp.resolve("run");
        GanRun r = TrainDcgan.train(data, run, 64, 32, 1);
        assertThat(r.batchesPerEpoch()).isEqualTo(2);
        assertThat(r.history().size()).isEqualTo(1);
        assertThat(r.history().values("loss_d")[0]).isFinite().isPositive();
        assertThat(run.resolve("checkpoint.safetensors")).exists();
        assertThat(run.resolve("samples/epoch_001.png")).exists();
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(2);

        Tensor images = SampleGenerator.sample(run, 4, 1, tmp.resolve("s.png"));
        assertThat(images.shape()).containsExactly(16, 1, 28, 28);
        double[] px = images.toDoubleArray();
        assertThat(java.util.Arrays.stream(px).allMatch(v -> v >= 0 && v <= 1)).isTrue();
        assertThat(ImageIO.read(tmp.resolve("s.png").toFile()).getWidth()).isGreaterThan(4 * 28);
        // The same seed gives the same samples: the file alone rebuilds G.
        assertThat(SampleGenerator.sample(run, 4, 1, tmp.resolve("t.png")).toDoubleArray()).containsExactly(px);
    }

    @Test
    void readmeQuotesTheDcganExampleVerbatim() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/gradiente/examples/TrainDcgan.java"));
        String fence = "```java\n";
        int start = readme.indexOf(fence + "package gradiente.examples;\n\nimport gradiente.generative.recipes.FixedNoiseGrids;");
        assertThat(start).as("README.md quotes TrainDcgan.java in a ```java block").isNotNegative();
        int end = readme.indexOf("```\n", start + fence.length());
        assertThat(readme.substring(start + fence.length(), end)).isEqualTo(source);
    }
}
