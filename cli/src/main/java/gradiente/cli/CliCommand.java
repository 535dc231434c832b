package gradiente.cli;

/**
 * A subcommand of {@code ./gradiente}: a picocli {@code @Command}-annotated class implementing this
 * marker, registered in {@code META-INF/services/gradiente.cli.CliCommand}. Modules that sit above
 * {@code generative} (such as {@code bench}) add commands this way without the CLI knowing them.
 */
public interface CliCommand {
}
