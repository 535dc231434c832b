package gradiente.cli;

/**
 * A model that {@code ./gradiente train NAME} can train: a picocli {@code @Command}-annotated class with
 * a public no-argument constructor implementing this marker, registered in
 * {@code META-INF/services/gradiente.cli.TrainTarget}. {@link TrainCommand} adds each one as a
 * subcommand, so models in any module above the CLI join {@code train} without the CLI knowing them.
 */
public interface TrainTarget {
}
