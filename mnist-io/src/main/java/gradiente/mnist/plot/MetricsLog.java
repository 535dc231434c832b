package gradiente.mnist.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metrics recorded during training, one row per step (or epoch): e.g. {@code loss_d}, {@code loss_g},
 * {@code d_real}, {@code d_fake}, {@code accuracy}. Columns appear in the order first recorded; a metric
 * not recorded at a step is an empty CSV field and a gap in its curve. Saved as CSV and as line plots.
 */
public final class MetricsLog {
    private final String stepName;
    private final Map<Long, Map<String, Double>> rows = new LinkedHashMap<>();
    private final Set<String> columns = new LinkedHashSet<>();

    /** A log whose first column is called {@code stepName} (e.g. {@code step} or {@code epoch}). */
    public MetricsLog(String stepName) {
        this.stepName = stepName;
    }

    /** Records one value; recording the same metric again at a step replaces it. */
    public synchronized MetricsLog record(long step, String metric, double value) {
        columns.add(metric);
        rows.computeIfAbsent(step, k -> new LinkedHashMap<>()).put(metric, value);
        return this;
    }

    /** Records several values at one step, in the map's order. */
    public synchronized MetricsLog record(long step, Map<String, Double> values) {
        values.forEach((k, v) -> record(step, k, v));
        return this;
    }

    /** Names of the metrics, in first-recorded order. */
    public synchronized List<String> metrics() {
        return List.copyOf(columns);
    }

    /** The value at a step, or NaN when absent. */
    public synchronized double get(long step, String metric) {
        Map<String, Double> r = rows.get(step);
        Double v = r == null ? null : r.get(metric);
        return v == null ? Double.NaN : v;
    }

    /** One metric's curve over the steps where it was recorded. */
    public synchronized Series series(String metric) {
        if (!columns.contains(metric)) {
            throw new IllegalArgumentException("MetricsLog: no metric '" + metric + "' (have " + columns + ")");
        }
        List<double[]> pts = new ArrayList<>();
        rows.forEach((step, r) -> {
            Double v = r.get(metric);
            if (v != null) {
                pts.add(new double[] {step, v});
            }
        });
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Series(metric, x, y);
    }

    /** Writes the CSV ({@code step,metric1,metric2,...}). */
    public synchronized void writeCsv(Path file) throws IOException {
        List<String> header = new ArrayList<>();
        header.add(stepName);
        header.addAll(columns);
        List<List<Object>> out = new ArrayList<>();
        rows.forEach((step, r) -> {
            List<Object> row = new ArrayList<>();
            row.add(step);
            for (String c : columns) {
                row.add(r.get(c));
            }
            out.add(row);
        });
        CsvWriter.write(file, header, out);
    }

    /** Plots some metrics against the step in one chart and writes it as PNG. */
    public synchronized void plot(Path png, String title, String yLabel, String... metrics) throws IOException {
        LinePlot p = LinePlot.of(title, stepName, yLabel);
        for (String m : metrics) {
            p = p.add(series(m));
        }
        p.write(png);
    }
}
