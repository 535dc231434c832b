package gradiente.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxWriter;
import gradiente.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    private void writeSplit(Split s, int images, int labels, boolean gzip) throws IOException {
        byte[] px = new byte[images * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 51);
        }
        IdxWriter.writeImages(dir.resolve(s.imagesFile() + (gzip ? ".gz" : "")), new IdxImages(images, 2, 2, px), gzip);
        int[] l = new int[labels];
        for (int i = 0; i < labels; i++) {
            l[i] = (i * 3) % 10;
        }
        IdxWriter.writeLabels(dir.resolve(s.labelsFile()), l, false);
    }

    @Test
    void loadsScalesAndCounts() throws IOException {
        writeSplit(Split.TRAIN, 5, 5, true);
        writeSplit(Split.TEST, 3, 3, false);
        DatasetFiles files = DatasetFiles.find(DatasetKind.MNIST, dir);
        Dataset zeroOne = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        assertThat(zeroOne.images().shape()).containsExactly(5, 1, 2, 2);
        assertThat(zeroOne.images().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(zeroOne.images().get(0, 0, 0, 1)).isEqualTo(51 / 255.0, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(zeroOne.images().get(1, 0, 0, 1)).isEqualTo(1.0);
        assertThat(zeroOne.labels()).containsExactly(0, 3, 6, 9, 2);
        assertThat(zeroOne.name()).isEqualTo("mnist/train");
        Dataset pm = Dataset.load(files, Split.TEST, Scaling.MINUS_ONE_ONE);
        assertThat(pm.images().get(0, 0, 0, 0)).isEqualTo(-1.0);
        assertThat(pm.images().get(1, 0, 0, 1)).isEqualTo(1.0);
        assertThat(pm.images().get(0, 0, 1, 0)).isEqualTo(2 * 102 / 255.0 - 1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(pm.classCounts()).containsExactly(1, 0, 0, 1, 0, 0, 1, 0, 0, 0);
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeSplit(Split.TRAIN, 5, 4, false);
        writeSplit(Split.TEST, 3, 3, false);
        DatasetFiles files = DatasetFiles.find(DatasetKind.MNIST, dir);
        assertThatThrownBy(() -> Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE))
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + " holds 5 images but " + dir.resolve("train-labels-idx1-ubyte")
                        + " holds 4 labels: the two files do not belong together");
    }

    @Test
    void missingFilesAreListed() throws IOException {
        writeSplit(Split.TRAIN, 2, 2, false);
        assertThatThrownBy(() -> DatasetFiles.find(DatasetKind.MNIST, dir))
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("mnist IDX files missing: t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte");
    }

    @Test
    void sliceAndTensorsViews() {
        Dataset d = SyntheticData.digits(30, 4, 3, Scaling.ZERO_ONE);
        Dataset s = d.slice(10, 13);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.labels()).containsExactly(0, 1, 2);
        assertThat(s.images().get(1, 0, 2, 1)).isEqualTo(d.images().get(11, 0, 2, 1));
        assertThat(s.flatImages().shape()).containsExactly(3, 12);
        assertThat(s.labelTensor(DType.FLOAT64).toDoubleArray()).containsExactly(0, 1, 2);
        assertThat(s.hostPixels()).hasSize(36);
        assertThatThrownBy(() -> d.slice(5, 31)).hasMessageContaining("slice [5, 31) outside 0..30");
    }

    @Test
    void parsersNameTheBadValue() {
        assertThat(DatasetKind.parse("Fashion")).isEqualTo(DatasetKind.FASHION);
        assertThat(DatasetKind.parse("idx").verified()).isFalse();
        assertThat(DatasetKind.MNIST.verified()).isTrue();
        assertThat(Split.parse("test")).isEqualTo(Split.TEST);
        assertThat(Scaling.parse("-1,1")).isEqualTo(Scaling.MINUS_ONE_ONE);
        assertThatThrownBy(() -> DatasetKind.parse("cifar")).hasMessage("dataset: expected mnist, fashion or idx, got 'cifar'");
        assertThatThrownBy(() -> Split.parse("val")).hasMessage("split: expected train or test, got 'val'");
    }
}
