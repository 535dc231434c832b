package gradiente.cli;

import gradiente.generative.train.DivergenceGuard;
import gradiente.generative.train.RunFolder;
import gradiente.generative.train.RunStart;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every training command shares for running safely (a picocli mixin): {@code --on-nan}
 * (what a diverging loss does) and {@code --overwrite} (start afresh over an earlier run in
 * {@code --out}); and the two calls that use them, {@link #open} for the run folder and {@link #guard}
 * for the epoch loop.
 */
final class RunSafety {
    @Option(names = "--on-nan", paramLabel = "stop|warn", defaultValue = "stop", description = "when a loss or metric "
            + "turns NaN/Inf or explodes: stop at once, keeping the last good checkpoint, or warn and go on (a checkpoint "
            + "with non-finite weights is never written) (default ${DEFAULT-VALUE})")
    String onNan;

    @Option(names = "--overwrite", description = "start afresh in an --out folder that holds an earlier run, removing that "
            + "run's checkpoint, generators, samples, curves and metrics first")
    boolean overwrite;

    /** Opens (creates, locks, cleans) the run folder; see {@link RunStart#open}. */
    RunFolder open(Path dir, boolean resume) throws IOException {
        return RunStart.open(dir, resume, overwrite, Invocation.commandLine(), System.out);
    }

    /** The divergence guard of the epoch loop; {@code cause} names the step size, e.g. {@code "--lr 0.001"}. */
    DivergenceGuard guard(String cause) {
        return new DivergenceGuard(DivergenceGuard.OnNan.parse(onNan), cause, System.out);
    }
}
