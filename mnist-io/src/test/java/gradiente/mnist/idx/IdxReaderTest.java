package gradiente.mnist.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static IdxImages randomImages(int n, int rows, int cols, long seed) {
        byte[] px = new byte[n * rows * cols];
        new Random(seed).nextBytes(px);
        return new IdxImages(n, rows, cols, px);
    }

    @Test
    void imagesRoundTripRawAndGzip() throws IOException {
        IdxImages img = randomImages(7, 5, 3, 1);
        for (boolean gzip : new boolean[] {false, true}) {
            Path f = dir.resolve("imgs" + gzip);
            IdxWriter.writeImages(f, img, gzip);
            byte[] head = Arrays.copyOf(Files.readAllBytes(f), 2);
            assertThat(gradiente.mnist.Gzip.isGzip(head)).isEqualTo(gzip);
            IdxImages back = IdxReader.readImages(f);
            assertThat(back.count()).isEqualTo(7);
            assertThat(back.rows()).isEqualTo(5);
            assertThat(back.cols()).isEqualTo(3);
            assertThat(back.pixels()).isEqualTo(img.pixels());
            assertThat(back.pixel(6, 4, 2)).isEqualTo(img.pixels()[6 * 15 + 4 * 3 + 2] & 0xFF);
        }
    }

    @Test
    void rawFileHasTheDocumentedLayout() throws IOException {
        Path f = dir.resolve("l");
        IdxWriter.writeLabels(f, new int[] {3, 255, 0}, false);
        assertThat(Files.readAllBytes(f)).containsExactly(0, 0, 8, 1, 0, 0, 0, 3, 3, (byte) 255, 0);
    }

    @Test
    void labelsRoundTripRawAndGzip() throws IOException {
        int[] labels = {0, 9, 4, 4, 1};
        for (boolean gzip : new boolean[] {false, true}) {
            Path f = dir.resolve("labels.gz" + gzip);
            IdxWriter.writeLabels(f, labels, gzip);
            assertThat(IdxReader.readLabels(f, 10)).containsExactly(labels);
        }
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        Path misleading = dir.resolve("plain.gz");
        IdxWriter.writeLabels(misleading, new int[] {1, 2}, false);
        assertThat(IdxReader.readLabels(misleading, 10)).containsExactly(1, 2);
        Path hidden = dir.resolve("no-extension");
        IdxWriter.writeLabels(hidden, new int[] {5}, true);
        assertThat(IdxReader.readLabels(hidden, 10)).containsExactly(5);
    }

    @Test
    void truncatedPixelDataNamesFileAndOffset() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte");
        IdxWriter.writeImages(f, randomImages(60, 28, 28, 2), false);
        truncate(f, 1000);
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(f + ": expected 47040 bytes of pixel data at offset 16, file ends at 1000")
                .satisfies(e -> assertThat(((IdxFormatException) e).offset()).isEqualTo(1000));
    }

    @Test
    void truncatedLabelsAndHeader() throws IOException {
        Path f = dir.resolve("labels");
        IdxWriter.writeLabels(f, new int[] {1, 2, 3, 4}, false);
        truncate(f, 10);
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .hasMessage(f + ": expected 4 bytes of label data at offset 8, file ends at 10");
        truncate(f, 6);
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .hasMessage(f + ": expected 4 bytes of dimension sizes at offset 4, file ends at 6");
        truncate(f, 3);
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .hasMessage(f + ": file is 3 bytes long, too short for the 4-byte IDX magic number at offset 0");
    }

    @Test
    void badMagicSaysWhatWasExpected() throws IOException {
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        IdxWriter.writeLabels(labels, new int[] {1}, false);
        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(labels + ": bad magic number 0x00000801 at offset 0, expected 0x00000803 "
                        + "(IDX unsigned-byte images, 3 dimensions); this is a labels file");
        Path png = dir.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.readLabels(png, 10))
                .hasMessage(png + ": bad magic number 0x89504E47 at offset 0, expected 0x00000801 "
                        + "(IDX unsigned-byte labels, 1 dimension)");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path f = dir.resolve("imgs");
        IdxWriter.writeImages(f, randomImages(2, 2, 2, 3), false);
        Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .hasMessage(f + ": 3 unexpected bytes after the pixel data that ends at offset 24 (file is 27 bytes)");
    }

    @Test
    void impossibleDimensionIsRejected() throws IOException {
        Path f = dir.resolve("imgs");
        ByteBuffer b = ByteBuffer.allocate(16).putInt(0x803).putInt(1).putInt(0).putInt(5);
        Files.write(f, b.array());
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .hasMessage(f + ": dimension 1 at offset 8 has impossible size 0");
        Files.write(f, ByteBuffer.allocate(16).putInt(0x803).putInt(-3).putInt(2).putInt(2).array());
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .hasMessage(f + ": dimension 0 at offset 4 has impossible size 4294967293");
    }

    @Test
    void labelOutOfRangeNamesItsOffset() throws IOException {
        Path f = dir.resolve("labels");
        IdxWriter.writeLabels(f, new int[] {1, 2, 12, 3}, true);
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .hasMessage(f + ": label 12 at offset 10 (item 2) is outside 0..9");
    }

    @Test
    void truncatedGzipIsReportedWithDecompressedOffset() throws IOException {
        Path f = dir.resolve("t10k-images-idx3-ubyte.gz");
        IdxWriter.writeImages(f, randomImages(50, 28, 28, 4), true);
        long full = Files.size(f);
        truncate(f, (int) (full / 2));
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f + ": gzip stream (" + full / 2 + " compressed bytes) is truncated or corrupt after ")
                .hasMessageContaining("decompressed bytes");
    }

    @Test
    void corruptGzipTrailerIsReported() throws IOException {
        Path f = dir.resolve("labels.gz");
        IdxWriter.writeLabels(f, new int[] {1, 2, 3}, true);
        byte[] b = Files.readAllBytes(f);
        b[b.length - 8] ^= 0x55; // CRC-32 of the content
        Files.write(f, b);
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .hasMessageStartingWith(f + ": gzip stream")
                .hasMessageContaining("corrupt");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nowhere");
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("IDX file not found");
    }

    private static void truncate(Path f, int length) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, length));
    }
}
