package gradiente.generative.train;

import gradiente.mnist.AtomicFiles;
import gradiente.mnist.plot.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The output folder of a training run ({@code --out}):
 * <pre>
 *   checkpoint.safetensors   model + optimiser + generators + epoch + metric history (resumable)
 *   metrics.json             run settings and results (written atomically)
 *   metrics.csv              one row per epoch
 *   loss.png, accuracy.png   curves of every metric whose name contains "loss" / "accuracy"
 * </pre>
 */
public record RunFolder(Path dir) {
    /** Creates the folder when missing. */
    public static RunFolder at(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new RunFolder(dir);
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.safetensors");
    }

    public Path metricsJson() {
        return dir.resolve("metrics.json");
    }

    public Path metricsCsv() {
        return dir.resolve("metrics.csv");
    }

    /** A file of the run, e.g. {@code confusion.png}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code metrics.json} atomically (see {@link JsonText} for the value mapping). */
    public void writeMetricsJson(Map<String, ?> summary) throws IOException {
        AtomicFiles.writeString(metricsJson(), JsonText.of(summary));
    }

    /** Writes the CSV and one PNG per family of curves that has at least one metric. */
    public void writeCurves(MetricsLog log) throws IOException {
        log.writeCsv(metricsCsv());
        for (String family : List.of("loss", "accuracy")) {
            String[] names = log.metrics().stream().filter(m -> m.contains(family)).toArray(String[]::new);
            if (names.length > 0) {
                log.plot(file(family + ".png"), family + " per epoch", family, names);
            }
        }
    }
}
