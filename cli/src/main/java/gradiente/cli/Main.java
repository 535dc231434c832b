package gradiente.cli;

import gradiente.generative.training.MemoryBudget;
import gradiente.generative.training.RunFolderLock;
import gradiente.generative.training.SettingException;
import gradiente.tensor.Backends;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./gradiente}: collects the subcommands registered as {@link CliCommand}. */
@Command(name = "gradiente", mixinStandardHelpOptions = true, version = "gradiente 0.1.0",
        description = "A from-scratch Java deep-learning engine and generative-model lab.")
public final class Main implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Builds the command line with every registered subcommand. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (CliCommand c : ServiceLoader.load(CliCommand.class)) {
            cl.addSubcommand(c);
        }
        CommandLine train = cl.getSubcommands().get("train");
        if (train != null) {
            TrainCommand.addTargets(train);
        }
        cl.setExecutionStrategy(Main::execute);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, line.getErr());
            line.getErr().println("(./" + line.getCommandSpec().qualifiedName() + " --help lists the options)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("gradiente " + line.getCommandName() + ": " + messageOf(ex));
            if (System.getenv("GRADIENTE_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(set GRADIENTE_DEBUG=1 for the stack trace)");
            }
            return 2;
        });
        return cl;
    }

    /**
     * Runs the parsed command: first the option ranges and output paths ({@link OptionRules}), then the
     * command; an {@link OutOfMemoryError} is reported in one paragraph (exit code 3), and the run
     * folders the command locked are released when it returns, however it returns.
     */
    static int execute(CommandLine.ParseResult parsed) {
        OptionRules.validate(parsed);
        Invocation.set(parsed.originalArgs().toArray(new String[0]));
        CommandLine.ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            String name = last.commandSpec().qualifiedName().replaceFirst("^gradiente ?", "");
            last.commandSpec().commandLine().getErr().println(MemoryBudget.outOfMemory(name, e));
            return 3;
        } finally {
            RunFolderLock.releaseAll();
        }
    }

    /** The exception's message; a library setting's error names the command's flag instead ({@code --ema ...}). */
    static String messageOf(Throwable t) {
        if (t instanceof SettingException s) {
            return s.flag() + " " + s.problem();
        }
        String m = t.getMessage();
        return m == null ? t.toString() : m;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** {@code ./gradiente backends}: lists the backends found and whether they can run here. */
    @Command(name = "backends", mixinStandardHelpOptions = true, description = "List compute backends and their availability.")
    public static final class BackendsCommand implements CliCommand, Callable<Integer> {
        @Override
        public Integer call() {
            Backends.describe().forEach(System.out::println);
            return 0;
        }
    }
}
