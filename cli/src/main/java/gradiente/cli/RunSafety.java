package gradiente.cli;

import gradiente.generative.training.DivergenceGuard;
import gradiente.generative.training.RecipeBuilder;
import picocli.CommandLine.Option;

/**
 * The options every training command shares for running safely (a picocli mixin): {@code --on-nan}
 * (what a diverging loss does) and {@code --overwrite} (start afresh over an earlier run in
 * {@code --out}); {@link #apply} hands them to a recipe's builder, with the command line that an
 * interrupted run's note repeats.
 */
final class RunSafety {
    @Option(names = "--on-nan", paramLabel = "stop|warn", defaultValue = "stop", description = "when a loss or metric "
            + "turns NaN/Inf or explodes: stop at once, keeping the last good checkpoint, or warn and go on (a checkpoint "
            + "with non-finite weights is never written) (default ${DEFAULT-VALUE})")
    String onNan;

    @Option(names = "--overwrite", description = "start afresh in an --out folder that holds an earlier run, removing that "
            + "run's checkpoint, generators, samples, curves and metrics first")
    boolean overwrite;

    /** Sets overwriting, the interrupt note's command and the divergence guard (naming {@code --lr}, set before this). */
    <B extends RecipeBuilder<B, ?>> B apply(B b) {
        return b.overwrite(overwrite).command(Invocation.commandLine())
                .guard(new DivergenceGuard(DivergenceGuard.OnNan.parse(onNan), "--lr " + b.lr(), System.out));
    }
}
