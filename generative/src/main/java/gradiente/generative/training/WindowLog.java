package gradiente.generative.training;

import gradiente.nn.train.RunningMeans;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Window means every {@code every} updates: the per-update measurements of a training loop (a GAN's
 * {@code loss_d}, {@code d_real}, {@code d_fake}, ...) averaged over the last {@code every} updates and
 * appended as one CSV row {@code update,metric1,...} to a file (and printed), so that a trajectory
 * finer than an epoch can be compared with another engine's (the Keras reference logs window means of 20).
 * The columns are fixed by the file's first window; a metric missing from a later window is written empty,
 * one absent from the first is left out. Rows are appended as they come, so a resumed run continues the
 * file under its existing header.
 */
public final class WindowLog {
    private final Path csv;
    private final int every;
    private final PrintStream echo;
    private final RunningMeans window = new RunningMeans();
    private List<String> columns;
    private long update;

    /**
     * @param csv   the file rows are appended to (created with a header if absent)
     * @param every window length in updates, at least 1
     * @param start updates already done (a resumed run), so row numbers continue
     * @param echo  where each row is also printed, or null
     */
    public WindowLog(Path csv, int every, long start, PrintStream echo) {
        if (every < 1) {
            throw new IllegalArgumentException("WindowLog: the window must be >= 1 update, got " + every);
        }
        this.csv = csv;
        this.every = every;
        this.update = start;
        this.echo = echo;
    }

    /** Records one update's measurements (non-finite ones are skipped) and writes a row when a window ends. */
    public void add(Map<String, Double> measured) throws IOException {
        measured.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                window.add(k, v, 1);
            }
        });
        update++;
        if (update % every != 0) {
            return;
        }
        Map<String, Double> means = window.means();
        if (columns == null) {
            columns = existingColumns();
            if (columns == null) {
                columns = new ArrayList<>(means.keySet());
                Files.writeString(csv, "update," + String.join(",", columns) + "\n", StandardCharsets.UTF_8);
            }
        }
        StringBuilder row = new StringBuilder(Long.toString(update));
        StringBuilder shown = new StringBuilder("update " + update + ":");
        for (String c : columns) {
            Double v = means.get(c);
            row.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
            if (v != null) {
                shown.append(String.format(Locale.ROOT, " %s %.3f", c, v));
            }
        }
        Files.writeString(csv, row.append('\n').toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (echo != null) {
            echo.println(shown);
        }
        window.clear();
    }

    /** The columns of the file's header when it exists (a resumed run), else null. */
    private List<String> existingColumns() throws IOException {
        if (!Files.exists(csv)) {
            return null;
        }
        String header;
        try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            header = lines.findFirst().orElse("");
        }
        if (!header.startsWith("update,")) {
            throw new IOException("WindowLog: " + csv + " does not start with an 'update,...' header: '" + header + "'");
        }
        return List.of(header.substring("update,".length()).split(",", -1));
    }
}
