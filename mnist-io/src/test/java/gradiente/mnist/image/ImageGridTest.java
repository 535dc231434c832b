package gradiente.mnist.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir
    Path dir;

    /** Image k of [n,1,h,w] holds value (k + 1) / 10 everywhere except pixel (0,0), which is 0. */
    private static Tensor images(int n, int h, int w) {
        float[] d = new float[n * h * w];
        for (int k = 0; k < n; k++) {
            for (int p = 1; p < h * w; p++) {
                d[k * h * w + p] = (k + 1) / 10f;
            }
        }
        return Tensor.of(d, n, 1, h, w);
    }

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }

    @Test
    void writesAGridPngWithTheDocumentedSizeAndPixels() throws IOException {
        Path png = dir.resolve("out/grid.png");
        ImageGrid.defaults().columns(3).padding(2, 200).scale(2).write(images(7, 4, 5), png);
        BufferedImage back = ImageIO.read(png.toFile());
        int cols = 3;
        int rows = 3;
        assertThat(back.getWidth()).isEqualTo(2 * (cols * 5 + (cols + 1) * 2));
        assertThat(back.getHeight()).isEqualTo(2 * (rows * 4 + (rows + 1) * 2));
        // image k sits at column k % 3, row k / 3; its top-left pixel is 0, the rest round(255 (k+1)/10)
        for (int k = 0; k < 7; k++) {
            int x0 = 2 * (2 + (k % 3) * (5 + 2));
            int y0 = 2 * (2 + (k / 3) * (4 + 2));
            assertThat(grey(back, x0, y0)).as("image %d corner", k).isZero();
            assertThat(grey(back, x0 + 1, y0 + 1)).as("scaled corner").isZero();
            assertThat(grey(back, x0 + 2, y0)).as("image %d", k).isEqualTo((int) Math.rint(255.0 * ((k + 1) / 10f)));
            assertThat(grey(back, x0 + 9, y0 + 7)).isEqualTo((int) Math.rint(255.0 * ((k + 1) / 10f)));
        }
        assertThat(grey(back, 0, 0)).as("padding").isEqualTo(200);
        int emptyCellX = 2 * (2 + 2 * 7) + 3;
        int emptyCellY = 2 * (2 + 2 * 6) + 3;
        assertThat(grey(back, emptyCellX, emptyCellY)).as("cells past N are padding").isEqualTo(200);
        try (var s = Files.list(png.getParent())) {
            assertThat(s.toList()).as("no temporary file remains").containsExactly(png);
        }
    }

    @Test
    void valueRangeIsMappedAndClamped() {
        ImageGrid g = ImageGrid.defaults().range(-1, 1);
        assertThat(g.toByte(-1)).isZero();
        assertThat(g.toByte(0)).isEqualTo(128);
        assertThat(g.toByte(1)).isEqualTo(255);
        assertThat(g.toByte(7)).isEqualTo(255);
        assertThat(g.toByte(-3)).isZero();
        assertThat(g.toByte(Double.NaN)).isZero();
        BufferedImage img = g.padding(0, 0).columns(1).render(Tensor.of(new float[] {-1, 0, 0.5f, 1}, 1, 2, 2));
        assertThat(new int[] {grey(img, 0, 0), grey(img, 1, 0), grey(img, 0, 1), grey(img, 1, 1)})
                .containsExactly(0, 128, 191, 255);
    }

    @Test
    void defaultColumnsAreTheCeilingOfTheSquareRoot() {
        BufferedImage img = ImageGrid.defaults().padding(1, 0).render(images(10, 2, 2));
        assertThat(img.getWidth()).isEqualTo(4 * 2 + 5);
        assertThat(img.getHeight()).isEqualTo(3 * 2 + 4);
    }

    @Test
    void rgbImagesKeepTheirChannels() {
        Tensor t = Tensor.of(new float[] {1, 0, 0.5f}, 1, 3, 1, 1);
        BufferedImage img = ImageGrid.defaults().padding(0, 0).render(t);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0080);
    }

    @Test
    void captionedGridAddsAStripUnderEveryImage() throws IOException {
        Path png = dir.resolve("mistakes.png");
        ImageGrid g = ImageGrid.defaults().columns(2).padding(1, 100).scale(3);
        g.writeCaptioned(images(3, 4, 5), java.util.List.of("7->2 0.99", "1->7 0.95", "x"), png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(2 * 3 * 5 + 3 * 3);
        assertThat(back.getHeight()).isEqualTo(2 * (3 * 4 + ImageGrid.CAPTION_HEIGHT) + 3 * 3);
        // image 1 (column 1, row 0): value round(255 * 0.2) away from its corner
        int x1 = 3 + 15 + 3;
        assertThat(back.getRGB(x1 + 6, 3 + 6) & 0xFF).isEqualTo((int) Math.rint(255.0 * (2 / 10f)));
        int white = 0;
        for (int y = 3 + 12; y < 3 + 12 + ImageGrid.CAPTION_HEIGHT; y++) {
            for (int x = 3; x < 3 + 15; x++) {
                white += (back.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF ? 1 : 0;
            }
        }
        assertThat(white).as("caption text pixels under image 0").isPositive();
        assertThatThrownBy(() -> g.renderCaptioned(images(3, 4, 5), java.util.List.of("a")))
                .hasMessage("ImageGrid: 3 images [3, 1, 4, 5] but 1 captions");
    }

    @Test
    void badShapesAreNamed() {
        assertThatThrownBy(() -> ImageGrid.defaults().render(Tensor.zeros(2, 2, 4, 4)))
                .hasMessage("ImageGrid: images must be [N,1,H,W], [N,3,H,W] or [N,H,W], got [2, 2, 4, 4]");
    }
}
