package gradiente.bench;

import gradiente.cli.CliCommand;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./gradiente bench}: the parent of the quick benchmark commands. Its subcommands are every
 * {@link BenchSubcommand} found by {@link ServiceLoader}; they are added when picocli injects this
 * command's specification, so registering a new one only needs a line in the service file.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Quick benchmarks (GEMM, convolution, ...); JMH suites are described in bench/README.md.")
public final class BenchCommand implements CliCommand, Callable<Integer> {
    private CommandSpec spec;

    /** Called by picocli while it builds the command line: registers the discovered subcommands. */
    @Spec
    void setSpec(CommandSpec spec) {
        if (this.spec == spec) {
            return;
        }
        this.spec = spec;
        for (BenchSubcommand sub : ServiceLoader.load(BenchSubcommand.class)) {
            CommandLine line = new CommandLine(sub);
            if (!spec.subcommands().containsKey(line.getCommandName())) {
                spec.addSubcommand(line.getCommandName(), line);
            }
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }
}
