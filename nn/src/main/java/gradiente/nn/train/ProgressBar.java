package gradiente.nn.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A console progress bar for one epoch at a time:
 * <pre>
 *   epoch 3/10 [##########..........]  58/118  loss 0.1234  accuracy 0.9612  10234 img/s  eta 4s
 * </pre>
 * On a terminal the line is redrawn in place (carriage return) at most every {@code 100 ms}; when the
 * output is a file or a pipe (a log under {@code nohup}) it degrades to one full line every
 * {@code lineSeconds} seconds, so logs stay readable. Throughput counts images since the epoch began.
 */
public final class ProgressBar {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long lineNanos;
    private final LongSupplier clock;
    private String label = "";
    private int total;
    private long startNanos;
    private long lastDraw;
    private int lastWidth;

    /**
     * @param terminal    redraw in place (true) or print periodic lines (false)
     * @param lineSeconds seconds between lines when not a terminal
     * @param clock       nanosecond clock (System::nanoTime; tests pass their own)
     */
    public ProgressBar(PrintStream out, boolean terminal, double lineSeconds, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.lineNanos = (long) (lineSeconds * 1e9);
        this.clock = clock;
    }

    /** A bar on standard output that redraws in place only when it is a terminal; lines every 10 s otherwise. */
    public static ProgressBar console() {
        return new ProgressBar(System.out, isTerminal(), 10, System::nanoTime);
    }

    /**
     * Whether standard output is an interactive terminal. Java 22 made {@link System#console()} non-null
     * for redirected streams too, so {@code Console.isTerminal()} is asked when the runtime has it.
     */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Starts an epoch (or any pass) of {@code total} batches. */
    public void start(String passLabel, int totalBatches) {
        this.label = passLabel;
        this.total = totalBatches;
        this.startNanos = clock.getAsLong();
        this.lastDraw = startNanos;
        this.lastWidth = 0;
    }

    /** Reports that {@code done} batches holding {@code images} images are finished, with the running metrics. */
    public void update(int done, long images, Map<String, Double> metrics) {
        long now = clock.getAsLong();
        boolean last = done >= total;
        if (terminal) {
            if (last || now - lastDraw >= REDRAW_NANOS) {
                String line = line(done, images, metrics, now);
                out.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
                out.flush();
                lastWidth = line.length();
                lastDraw = now;
            }
        } else if (!last && now - lastDraw >= lineNanos) {
            out.println(line(done, images, metrics, now));
            lastDraw = now;
        }
    }

    /** Ends the pass with a summary line (replacing the bar on a terminal). */
    public void finish(String summary) {
        if (terminal) {
            out.print('\r' + " ".repeat(lastWidth) + '\r');
        }
        out.println(summary);
        out.flush();
    }

    /** Seconds since {@link #start}. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    String line(int done, long images, Map<String, Double> metrics, long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
        StringBuilder sb = new StringBuilder(label).append(" [").append("#".repeat(filled))
                .append(".".repeat(WIDTH - filled)).append("] ");
        String t = Integer.toString(total);
        sb.append(" ".repeat(Math.max(0, t.length() - Integer.toString(done).length()))).append(done).append('/').append(t);
        metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
        sb.append(String.format(Locale.ROOT, "  %.0f img/s", images / seconds));
        if (done > 0 && done < total) {
            sb.append(String.format(Locale.ROOT, "  eta %.0fs", seconds * (total - done) / done));
        }
        return sb.toString();
    }
}
