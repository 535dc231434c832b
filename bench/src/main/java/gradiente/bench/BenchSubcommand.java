package gradiente.bench;

/**
 * A subcommand of {@code ./gradiente bench}: a picocli {@code @Command}-annotated class with a public
 * no-argument constructor implementing this marker, registered in
 * {@code META-INF/services/gradiente.bench.BenchSubcommand}. {@link BenchCommand} adds every one found by
 * {@link java.util.ServiceLoader}, so a new benchmark needs no change to the command itself.
 */
public interface BenchSubcommand {
}
