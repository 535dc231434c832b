package gradiente.generative.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowLogTest {
    @TempDir
    Path tmp;

    private static Map<String, Double> m(double loss, double score) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("loss", loss);
        r.put("score", score);
        return r;
    }

    @Test
    void writesTheMeanOfEachWindowAndContinuesAfterAResume() throws Exception {
        Path csv = tmp.resolve("updates.csv");
        WindowLog log = new WindowLog(csv, 3, 0, null);
        double[] loss = {1, 2, 6, 10, 20, 30, 7};
        for (int i = 0; i < loss.length; i++) {
            Map<String, Double> row = m(loss[i], Double.NaN);
            if (i % 2 == 0) {
                row.put("score", (double) i);
            }
            log.add(row);
        }
        // Update 7 is in an unfinished window; NaN scores are skipped (mean of 0 and 2, then of 4).
        assertThat(Files.readAllLines(csv)).containsExactly("update,loss,score", "3,3.00000,1.00000", "6,20.0000,4.00000");
        WindowLog resumed = new WindowLog(csv, 3, 6, null);
        resumed.add(m(1, 1));
        resumed.add(m(2, 1));
        resumed.add(m(3, 1));
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(3)).isEqualTo("9,2.00000,1.00000");
    }

    @Test
    void aResumedLogKeepsTheColumnsOfTheFilesHeader() throws Exception {
        Path csv = tmp.resolve("updates.csv");
        WindowLog first = new WindowLog(csv, 2, 0, null);
        first.add(m(1, 2));
        first.add(m(3, 4));
        // A metric that only appears after the resume (e.g. a probe every 5th update) stays out of the rows.
        WindowLog resumed = new WindowLog(csv, 2, 2, null);
        Map<String, Double> extra = m(5, 6);
        extra.put("probe", 9.0);
        resumed.add(extra);
        resumed.add(m(7, 8));
        assertThat(Files.readAllLines(csv)).containsExactly("update,loss,score", "2,2.00000,3.00000", "4,6.00000,7.00000");
        Files.writeString(tmp.resolve("bad.csv"), "epoch,loss\n");
        WindowLog bad = new WindowLog(tmp.resolve("bad.csv"), 1, 0, null);
        assertThatThrownBy(() -> bad.add(m(1, 1))).hasMessageContaining("bad.csv does not start with an 'update,...' header");
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new WindowLog(tmp.resolve("x.csv"), 0, 0, null))
                .hasMessageContaining("WindowLog: the window must be >= 1 update, got 0");
    }
}
