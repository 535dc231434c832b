package gradiente.mnist.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.DatasetKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void wrongDataFolderIsOneParagraphAndDownloadsNothing() throws IOException {
        Path missing = tmp.resolve("typo");
        assertThatThrownBy(() -> DataLocator.locate(DatasetKind.MNIST, missing, s -> { }))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing + ": DataLocator: the explicit data folder does not exist")
                .hasMessageContaining("MnistFetcher.into(folder).ensure()").hasMessageNotContaining("--");
        assertThat(missing).doesNotExist();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> DataLocator.locate(DatasetKind.MNIST, empty, s -> { }))
                .hasMessageContaining("mnist IDX files missing: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                        + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte")
                .hasMessageContaining("Nothing is downloaded into an explicit data folder").hasMessageNotContaining("--")
                .cause().isInstanceOf(NoSuchFileException.class);
        try (var s = Files.list(empty)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void fashionGoesToTheDebianLocator() {
        assertThatThrownBy(() -> DataLocator.locate(DatasetKind.FASHION, tmp, s -> { }))
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }
}
