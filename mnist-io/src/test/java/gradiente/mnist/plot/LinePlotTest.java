package gradiente.mnist.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
    @TempDir
    Path dir;

    private static int countColour(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void writesAPngWithOneColourPerSeries() throws IOException {
        double[] d = new double[200];
        double[] g = new double[200];
        for (int i = 0; i < 200; i++) {
            d[i] = 1.4 * Math.exp(-i / 60.0);
            g[i] = 0.7 + 0.5 * (1 - Math.exp(-i / 50.0));
        }
        Path png = dir.resolve("losses.png");
        LinePlot.of("GAN losses", "step", "loss").add(Series.of("D", d)).add(Series.of("G", g)).size(640, 400).write(png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(640);
        assertThat(back.getHeight()).isEqualTo(400);
        assertThat(countColour(back, LinePlot.PALETTE[0])).as("D's colour").isGreaterThan(100);
        assertThat(countColour(back, LinePlot.PALETTE[1])).as("G's colour").isGreaterThan(100);
        assertThat(countColour(back, LinePlot.PALETTE[2])).as("no third series").isZero();
    }

    @Test
    void gapsConstantsAndSinglePointsRender() {
        BufferedImage img = LinePlot.of("t", "x", "y")
                .add(new Series("flat", new double[] {0, 1, 2, 3}, new double[] {2, 2, Double.NaN, 2}))
                .add(new Series("dot", new double[] {5}, new double[] {2}))
                .render();
        assertThat(countColour(img, LinePlot.PALETTE[0])).isPositive();
        assertThat(countColour(img, LinePlot.PALETTE[1])).isPositive();
    }

    @Test
    void nothingToPlotIsAnError() {
        assertThatThrownBy(() -> LinePlot.of("empty", "x", "y").add(Series.of("nan", new double[] {Double.NaN})).render())
                .hasMessage("LinePlot 'empty': no finite points in 1 series");
        assertThatThrownBy(() -> new Series("s", new double[2], new double[3])).hasMessage("Series s: 2 x values but 3 y values");
    }

    @Test
    void ticksAreNiceAndCoverTheRange() {
        Ticks t = Ticks.of(0.013, 0.87, 4); // raw step 0.214 rounds to 0.2
        assertThat(t.step()).isEqualTo(0.2);
        assertThat(t.lo()).isEqualTo(0.0);
        assertThat(t.hi()).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.count()).isEqualTo(6);
        assertThat(t.label(t.at(3))).isEqualTo("0.6");
        Ticks big = Ticks.of(0, 9370, 8);
        assertThat(big.step()).isEqualTo(1000.0);
        assertThat(big.label(big.at(2))).isEqualTo("2000");
        Ticks flat = Ticks.of(5, 5, 5);
        assertThat(flat.lo()).isLessThan(5);
        assertThat(flat.hi()).isGreaterThan(5);
    }
}
