package gradiente.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradiente.mnist.fetch.DataDirectory;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    private void writeIdx(int nTrain, int nTest) throws IOException {
        for (Split s : Split.values()) {
            int n = s == Split.TRAIN ? nTrain : nTest;
            byte[] px = new byte[n * 4 * 4];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (3 * i) % 10;
                px[i * 16] = (byte) (i == 0 ? 255 : 51);
            }
            IdxWriter.writeImages(dir.resolve(s.imagesFile()), new IdxImages(n, 4, 4, px), false);
            IdxWriter.writeLabels(dir.resolve(s.labelsFile()), labels, false);
        }
    }

    @Test
    void loadsASplitWithImagesAsATensorAndIntegerLabels() throws IOException {
        writeIdx(7, 3);
        Dataset train = Mnist.load(DatasetKind.IDX, Split.TRAIN, Scaling.ZERO_ONE, dir);
        Dataset test = Mnist.load(DatasetKind.IDX, Split.TEST, Scaling.MINUS_ONE_ONE, dir);

        assertThat(train.images().shape()).containsExactly(7, 1, 4, 4);
        assertThat(train.labels()).containsExactly(0, 3, 6, 9, 2, 5, 8);
        assertThat(train.images().toFloatArray()[0]).isEqualTo(1f);
        assertThat(train.images().toFloatArray()[16]).isEqualTo(0.2f);
        assertThat(test.size()).isEqualTo(3);
        assertThat(test.images().toFloatArray()[1]).isEqualTo(-1f);
    }

    @Test
    void aFolderWithoutTheFilesGivesAnUncheckedErrorNamingIt() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Mnist.load(DatasetKind.MNIST, Split.TRAIN, Scaling.ZERO_ONE, empty))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("mnist train from " + empty + ": ")
                .hasMessageContaining("Nothing is downloaded into an explicit data folder");
    }

    @Test
    void theOneLinersReadTheRealFilesWhenTheyAreCached() {
        Path cache = DataDirectory.resolve(null);
        boolean present = DatasetFiles.names().stream().allMatch(n -> DatasetFiles.present(cache, n) != null);
        assumeTrue(present, "opt-in data test: MNIST is not in " + cache + " (run ./gradiente data fetch to enable it)");
        Dataset test = Mnist.test();
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.classCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(Mnist.train().size()).isEqualTo(60_000);
    }
}
