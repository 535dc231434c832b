package gradiente.mnist.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    @Test
    void csvHasOneRowPerStepAndBlanksForMissingValues() throws IOException {
        MetricsLog log = new MetricsLog("step");
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("loss_d", 1.25);
        first.put("loss_g", 0.5);
        log.record(0, first);
        log.record(1, "loss_d", 1.0).record(1, "loss_g", 0.75).record(1, "accuracy", 0.5);
        log.record(2, "loss_g", 0.625);
        Path csv = dir.resolve("metrics.csv");
        log.writeCsv(csv);
        assertThat(Files.readString(csv)).isEqualTo("""
                step,loss_d,loss_g,accuracy
                0,1.25,0.5,
                1,1.0,0.75,0.5
                2,,0.625,
                """);
        Series d = log.series("loss_d");
        assertThat(d.x()).containsExactly(0, 1);
        assertThat(d.y()).containsExactly(1.25, 1.0);
        assertThat(log.get(2, "loss_d")).isNaN();
        assertThat(log.metrics()).containsExactly("loss_d", "loss_g", "accuracy");
        Path png = dir.resolve("losses.png");
        log.plot(png, "losses", "loss", "loss_d", "loss_g");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        assertThatThrownBy(() -> log.series("fid")).hasMessage("MetricsLog: no metric 'fid' (have [loss_d, loss_g, accuracy])");
    }

    @Test
    void csvFieldsAreQuotedPerRfc4180() {
        assertThat(CsvWriter.format(List.of("name", "value"), List.of(List.of("a,b", 1), List.of("say \"hi\"", 2.5))))
                .isEqualTo("name,value\n\"a,b\",1\n\"say \"\"hi\"\"\",2.5\n");
        assertThatThrownBy(() -> CsvWriter.format(List.of("a"), List.of(List.of(1, 2))))
                .hasMessage("CSV: row 0 has 2 fields, header has 1");
    }
}
