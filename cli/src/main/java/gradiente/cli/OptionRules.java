package gradiente.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The range of every numeric option, and the checks of output paths, applied to the parsed command
 * line before a command runs (so a bad value is an error naming the option before any work, never a
 * result computed from it): one table for every command, keyed by option name, so the option fields
 * themselves stay plain. Output checks: {@code --out} and {@code --json} must not be empty, must be
 * writable (their nearest existing folder takes a probe file), and must not name an input of the
 * same command ({@code --checkpoint}, {@code --classifier}, {@code --images}, ..., or the generator
 * file of {@code --run DIR}).
 */
final class OptionRules {
    /** An allowed interval; {@code meaning} explains the boundary to the user. */
    record Range(double min, boolean minOpen, double max, boolean maxOpen, String meaning) {
        boolean contains(double v) {
            return Double.isFinite(v) && (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
        }

        String describe() {
            String lo = Double.isInfinite(min) ? "" : (minOpen ? "> " : ">= ") + fmt(min);
            String hi = Double.isInfinite(max) ? "" : (maxOpen ? "< " : "<= ") + fmt(max);
            String both = lo.isEmpty() ? hi : hi.isEmpty() ? lo : lo + " and " + hi;
            return (both.isEmpty() ? "finite" : both) + (meaning.isEmpty() ? "" : " (" + meaning + ")");
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    private static final double INF = Double.POSITIVE_INFINITY;

    private static Range atLeast(double min, String meaning) {
        return new Range(min, false, INF, false, meaning);
    }

    private static Range positive(String meaning) {
        return new Range(0, true, INF, false, meaning);
    }

    private static Range fraction(String meaning) {
        return new Range(0, false, 1, true, meaning);
    }

    /** Ranges of the numeric options of every command (options not listed are unchecked, e.g. --seed). */
    static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--epochs", atLeast(1, "")),
            Map.entry("--batch", atLeast(1, "")),
            Map.entry("--lr", positive("a step size")),
            Map.entry("--beta1", fraction("an Adam decay rate")),
            Map.entry("--beta2", fraction("an Adam decay rate")),
            Map.entry("--dropout", fraction("a probability")),
            Map.entry("--latent", atLeast(1, "")),
            Map.entry("--hidden", atLeast(1, "")),
            Map.entry("--pack", atLeast(1, "")),
            Map.entry("--filters", atLeast(1, "")),
            Map.entry("--g-filters", atLeast(1, "")),
            Map.entry("--d-filters", atLeast(1, "")),
            Map.entry("--n-critic", atLeast(1, "")),
            Map.entry("--clip", positive("the weight bound")),
            Map.entry("--lambda", atLeast(0, "")),
            Map.entry("--sigma", positive("a standard deviation")),
            Map.entry("--ema", fraction("a decay; 0 = off")),
            Map.entry("--save-every", atLeast(0, "0 = never")),
            Map.entry("--eval-every", atLeast(0, "0 = never")),
            Map.entry("--log-every", atLeast(0, "0 = off")),
            Map.entry("--grid-every", atLeast(0, "0 = never")),
            Map.entry("--lockstep-every", atLeast(1, "")),
            Map.entry("--eval-count", atLeast(2, "the Frechet distance needs 2 images")),
            Map.entry("--train-size", atLeast(0, "0 = all")),
            Map.entry("--test-size", atLeast(0, "0 = all")),
            Map.entry("--mistakes", atLeast(0, "")),
            Map.entry("--samples", atLeast(0, "0 = none")),
            Map.entry("--grid", atLeast(1, "")),
            Map.entry("--count", atLeast(1, "")),
            Map.entry("--rows", atLeast(1, "")),
            Map.entry("--steps", atLeast(2, "ends included")),
            Map.entry("--columns", atLeast(0, "0 = automatic")),
            Map.entry("--offset", atLeast(0, "")),
            Map.entry("--digit", atLeast(0, "")),
            Map.entry("--from-digit", atLeast(0, "")),
            Map.entry("--to-digit", atLeast(0, "")),
            Map.entry("--from", atLeast(0, "")),
            Map.entry("--to", atLeast(0, "")),
            Map.entry("--threshold", new Range(0, false, 1, false, "a grey level")),
            Map.entry("--smoothing", atLeast(0, "")),
            Map.entry("--alpha", atLeast(0, "")),
            Map.entry("--iters", atLeast(1, "")),
            Map.entry("--warmup", atLeast(0, "")),
            Map.entry("--warmup-ms", atLeast(0, "")));

    /** Ranges that apply only where the option is an integer ({@code data show --scale}; {@code control --scale} is a signed walk). */
    static final Map<String, Range> INTEGER_RANGES = Map.of("--scale", atLeast(1, "an enlargement factor"));

    /** Options that name files a command reads (an output must not be one of them). */
    private static final List<String> INPUTS = List.of("--checkpoint", "--classifier", "--images", "--labels", "--generator", "--run");

    /** Files of a run folder that commands read when given {@code --run DIR} or {@code --generator DIR}. */
    private static final List<String> RUN_INPUTS = List.of("generator.safetensors", "samples.idx", "samples-labels.idx");

    private OptionRules() {
    }

    /** Checks every command of the parse (the top command and its subcommands). */
    static void validate(ParseResult top) {
        for (ParseResult pr = top; pr != null; pr = pr.subcommand()) {
            CommandLine cl = pr.commandSpec().commandLine();
            List<Path> inputs = new ArrayList<>();
            for (OptionSpec o : pr.commandSpec().options()) {
                String name = o.longestName();
                Object value = o.getValue();
                Range r = value instanceof Integer && INTEGER_RANGES.containsKey(name) ? INTEGER_RANGES.get(name) : RANGES.get(name);
                if (r != null && value instanceof Number n && !r.contains(n.doubleValue())) {
                    throw new CommandLine.ParameterException(cl, String.format(Locale.ROOT, "%s %s: must be %s", name,
                            value, r.describe()));
                }
                if (INPUTS.contains(name) && value instanceof Path p) {
                    inputs.add(p);
                    if (Files.isDirectory(p)) {
                        RUN_INPUTS.forEach(f -> inputs.add(p.resolve(f)));
                    }
                }
            }
            for (String out : List.of("--out", "--json")) {
                OptionSpec o = pr.commandSpec().findOption(out);
                if (o != null && o.getValue() instanceof Path p) {
                    checkOutput(cl, out, p, isFolder(pr, out), inputs);
                }
            }
        }
    }

    /** Whether the command's {@code --out} is a folder (training runs, eval's reports) rather than one file. */
    private static boolean isFolder(ParseResult pr, String option) {
        Object cmd = pr.commandSpec().userObject();
        return option.equals("--out") && (cmd instanceof TrainTarget || cmd instanceof EvalCommand);
    }

    private static void checkOutput(CommandLine cl, String option, Path p, boolean folder, List<Path> inputs) {
        if (p.toString().isBlank()) {
            throw new CommandLine.ParameterException(cl, option + " is empty; name the " + (folder ? "folder" : "file")
                    + " to write");
        }
        for (Path in : inputs) {
            if (same(p, in)) {
                throw new CommandLine.ParameterException(cl, option + " " + p + " is also an input of this command (" + in
                        + "); writing it would destroy what is read: choose another " + option);
            }
        }
        if (!folder && Files.isDirectory(p)) {
            throw new CommandLine.ParameterException(cl, option + " " + p + " is a folder; name a file to write");
        }
        if (folder && Files.exists(p) && !Files.isDirectory(p)) {
            throw new CommandLine.ParameterException(cl, option + " " + p + " is a file; name a folder for the run");
        }
        Path start = (folder ? p : p.toAbsolutePath().getParent()).toAbsolutePath().normalize();
        Path existing = start;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new CommandLine.ParameterException(cl, option + " " + p + ": " + existing + " is not a folder, so nothing"
                    + " can be written under it");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".gradiente-write-probe", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new CommandLine.ParameterException(cl, option + " " + p + ": cannot write under " + existing + " ("
                    + reason(e) + "); choose a folder you can write to");
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)
                + (m == null ? "" : ": " + m);
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Fall back to comparing the names.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
