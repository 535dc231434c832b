package gradiente.mnist.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {
    @TempDir
    Path dir;

    private static final int[] TRUE = {0, 0, 0, 1, 1, 2, 2, 2, 2};
    private static final int[] PRED = {0, 0, 1, 1, 1, 2, 0, 2, 2};

    @Test
    void countsAndAccuracies() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUE, PRED, List.of("cat", "dog", "bird"));
        assertThat(cm.count(0, 0)).isEqualTo(2);
        assertThat(cm.count(0, 1)).isEqualTo(1);
        assertThat(cm.count(2, 0)).isEqualTo(1);
        assertThat(cm.count(1, 0)).isZero();
        assertThat(cm.total()).isEqualTo(9);
        assertThat(cm.accuracy()).isEqualTo(7 / 9.0, within(1e-15));
        assertThat(cm.perClassAccuracy()).containsExactly(2 / 3.0, 1.0, 0.75);
    }

    @Test
    void textTableHasRowsForTrueClassesAndColumnsForPredictions() {
        String table = ConfusionMatrix.of(TRUE, PRED, List.of("cat", "dog", "bird")).toTable();
        assertThat(table.lines().toList()).containsExactly(
                "true \\ pred    0    1    2   accuracy",
                "0 cat          2    1    0     0.6667",
                "1 dog          0    2    0     1.0000",
                "2 bird         1    0    3     0.7500",
                "overall accuracy 0.7778 (9 images)");
    }

    @Test
    void pngShadesTheDiagonal() throws IOException {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUE, PRED, List.of("0", "1", "2"));
        Path png = dir.resolve("cm.png");
        cm.writePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(3 * 46);
        int full = ConfusionMatrix.heat(1.0).getRGB() & 0xFFFFFF;
        int none = ConfusionMatrix.heat(0.0).getRGB() & 0xFFFFFF;
        assertThat(full).isNotEqualTo(none);
        long fullCells = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == full) {
                    fullCells++;
                }
            }
        }
        assertThat(fullCells).as("class 1 is always right, so its diagonal cell is fully shaded").isGreaterThan(46 * 30);
    }

    @Test
    void mismatchedInputsAreNamed() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {1}, new int[] {1, 2}, List.of("a", "b", "c")))
                .hasMessage("ConfusionMatrix: 1 true labels but 2 predictions");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {1}, new int[] {3}, List.of("a", "b", "c")))
                .hasMessage("ConfusionMatrix: pair 0 (true 1, predicted 3) is outside 0..2");
    }
}
