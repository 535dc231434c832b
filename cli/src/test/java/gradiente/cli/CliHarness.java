package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code ./gradiente ARGS} in-process, capturing standard output and error. */
final class CliHarness {
    record Result(int code, String out, String err) {
    }

    private CliHarness() {
    }

    /** Runs {@code base} followed by {@code extra}. */
    static Result run(String[] base, String... extra) {
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    /** The value of the last line {@code test_accuracy=...} of a training or evaluation command's output. */
    static double finalAccuracy(String text) {
        Matcher m = Pattern.compile("(?m)^test_accuracy=([0-9.]+)\\s*\\z").matcher(text);
        assertThat(m.find()).as("last line of:\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
