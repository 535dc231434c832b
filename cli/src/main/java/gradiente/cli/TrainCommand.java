package gradiente.cli;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./gradiente train MODEL}: one subcommand per registered {@link TrainTarget}. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model (see the subcommands).")
public final class TrainCommand implements CliCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Registers every {@link TrainTarget} found by the service loader as a subcommand. */
    public TrainCommand() {
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Adds the registered targets; called by {@link Main} once picocli has built this command. */
    static void addTargets(CommandLine train) {
        for (TrainTarget t : ServiceLoader.load(TrainTarget.class)) {
            train.addSubcommand(t);
        }
    }
}
