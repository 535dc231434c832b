/**
 * The command line ({@code ./gradiente}): picocli commands found through {@link java.util.ServiceLoader}
 * ({@link gradiente.cli.CliCommand}, {@link gradiente.cli.TrainTarget}) and started by
 * {@link gradiente.cli.Main}. Commands parse options, build a library object (a model, a training recipe,
 * an evaluation) and print or write what it returns; the training and evaluation logic lives in
 * {@code generative}, which knows nothing about picocli.
 */
package gradiente.cli;
