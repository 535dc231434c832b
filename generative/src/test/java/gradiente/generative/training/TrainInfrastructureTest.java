package gradiente.generative.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.nn.train.ProgressBar;
import gradiente.nn.train.RunningMeans;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TrainInfrastructureTest {
    @Test
    void runningMeansWeighBatchesBySize() {
        RunningMeans m = new RunningMeans().add("loss", 1.0, 3).add("accuracy", 0.5, 3).add("loss", 3.0, 1);
        assertThat(m.mean("loss")).isEqualTo(1.5);
        assertThat(m.means().keySet()).containsExactly("loss", "accuracy");
        assertThat(m.mean("missing")).isNaN();
        assertThatThrownBy(() -> m.add("loss", 1, 0)).hasMessageContaining("loss");
        m.clear();
        assertThat(m.means()).isEmpty();
    }

    @Property(tries = 50)
    void historyTextReadsBackToTheSameDoubles(@ForAll double a, @ForAll double b) {
        MetricHistory h = new MetricHistory();
        Map<String, Double> e1 = new LinkedHashMap<>();
        e1.put("loss", a);
        e1.put("test_accuracy", b);
        h.add(e1);
        h.add(Map.of("loss", b));
        MetricHistory back = MetricHistory.decode(h.encode());
        assertThat(back.size()).isEqualTo(2);
        assertThat(back.epoch(1)).isEqualTo(e1);
        assertThat(back.values("test_accuracy")[0]).isEqualTo(b);
        assertThat(back.values("test_accuracy")[1]).isNaN();
        assertThat(back.toLog().get(2, "loss")).isEqualTo(b);
    }

    @Test
    void jsonTextWritesNumbersArraysAndEscapedStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\"b\\c\n");
        m.put("n", 3);
        m.put("x", 0.25);
        m.put("whole", 2.0);
        m.put("nan", Double.NaN);
        m.put("list", new double[] {1.5, 2});
        m.put("strings", List.of("p", "q"));
        m.put("empty", Map.of());
        assertThat(JsonText.of(m)).isEqualTo("{\n  \"name\": \"a\\\"b\\\\c\\n\",\n  \"n\": 3,\n  \"x\": 0.25,\n"
                + "  \"whole\": 2,\n  \"nan\": null,\n  \"list\": [1.5, 2],\n  \"strings\": [\"p\", \"q\"],\n  \"empty\": {}\n}\n");
    }

    @Test
    void withoutATerminalTheBarPrintsALineEveryPeriodAndTheSummary() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 10, () -> now[0]);
        bar.start("epoch 1/2", 4);
        now[0] = 5_000_000_000L;
        bar.update(1, 100, Map.of("loss", 0.5));
        now[0] = 12_000_000_000L;
        bar.update(2, 200, Map.of("loss", 0.25));
        now[0] = 13_000_000_000L;
        bar.update(3, 300, Map.of("loss", 0.2));
        bar.update(4, 400, Map.of("loss", 0.1));
        bar.finish("done");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("epoch 1/2 [##########..........] 2/4  loss 0.2500  17 img/s  eta 12s");
        assertThat(lines[1]).isEqualTo("done");
    }

    @Test
    void onATerminalTheBarRedrawsInPlace() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 10, () -> now[0]);
        bar.start("e", 2);
        now[0] = 1_000_000_000L;
        bar.update(1, 10, Map.of());
        now[0] = 2_000_000_000L;
        bar.update(2, 20, Map.of());
        bar.finish("ok");
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\re [##########..........] 1/2  10 img/s  eta 1s").contains("\re [####################] 2/2  10 img/s")
                .endsWith("\rok\n");
    }
}
