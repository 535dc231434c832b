package gradiente.mnist.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void missingFolderGivesTheInstallCommand() {
        assertThatThrownBy(() -> FashionMnistLocator.locate(tmp))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("Fashion-MNIST not found")
                .hasMessageContaining("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte")
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
    }

    /** Opt-in data test: runs where Debian's dataset-fashion-mnist is installed. */
    @Test
    void debianPackageHoldsSixtyThousandAndTenThousandImages() throws Exception {
        assumeTrue(Files.isDirectory(FashionMnistLocator.DEBIAN_DIR),
                "opt-in data test: Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist)");
        DatasetFiles files = FashionMnistLocator.locate(null);
        Dataset test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.classCounts()).containsOnly(1000);
        assertThat(test.classNames().get(9)).isEqualTo("Ankle boot");
    }
}
