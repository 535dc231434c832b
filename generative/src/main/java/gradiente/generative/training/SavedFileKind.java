package gradiente.generative.training;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a safetensors file written by this lab holds, read from its metadata, so that a file given to
 * the wrong command is answered with what it is and what to use instead ("this is a GAN generator;
 * use eval-gen --generator FILE") rather than with a tensor mismatch:
 * <ul>
 *   <li>a classifier checkpoint of {@code train mlp|cnn}: {@code info.setting.model};</li>
 *   <li>a generator file (GAN generator or VAE) of {@code Decoders.save}: {@code info.spec.kind};</li>
 *   <li>a training checkpoint of a GAN or VAE run: {@code info.setting.spec.kind}.</li>
 * </ul>
 */
public enum SavedFileKind {
    CLASSIFIER_CHECKPOINT, GENERATOR, TRAINING_CHECKPOINT, UNKNOWN;

    /** The kind of a file from its metadata (as {@code SafeTensors.read} returns it). */
    public static SavedFileKind of(Map<String, String> meta) {
        if (meta.containsKey("info.spec.kind")) {
            return GENERATOR;
        }
        if (meta.containsKey("info.setting.spec.kind")) {
            return TRAINING_CHECKPOINT;
        }
        if (meta.containsKey("info.setting.model")) {
            return CLASSIFIER_CHECKPOINT;
        }
        return UNKNOWN;
    }

    /** The model the file was trained as, e.g. {@code dcgan}, {@code vae} or {@code cnn}, or "?". */
    static String model(Map<String, String> meta) {
        String m = meta.getOrDefault("info.spec.model", meta.getOrDefault("info.setting.spec.model",
                meta.get("info.setting.model")));
        if (m == null) {
            m = meta.getOrDefault("info.spec.kind", meta.get("info.setting.spec.kind"));
        }
        return m == null ? "?" : m;
    }

    /**
     * The explanation when a command that needs a classifier checkpoint ({@code eval}, {@code control
     * --classifier}) is given {@code file}, or null when the file is a classifier checkpoint or unknown.
     */
    public static String notAClassifier(String command, Path file, Map<String, String> meta) {
        String model = model(meta);
        return switch (of(meta)) {
            case GENERATOR -> command + ": " + file + " is a " + ("vae".equals(meta.get("info.spec.kind")) ? "VAE model" : "GAN generator")
                    + " (written by train " + model + "), not a classifier; " + command + " needs the checkpoint.safetensors"
                    + " of train mlp or train cnn. To score this generator's images use: ./gradiente eval-gen --generator " + file;
            case TRAINING_CHECKPOINT -> command + ": " + file + " is the training checkpoint of a train " + model + " run, not a"
                    + " classifier; " + command + " needs the checkpoint.safetensors of train mlp or train cnn. To score the run's"
                    + " generator use: ./gradiente eval-gen --generator " + generatorOf(file);
            default -> null;
        };
    }

    /**
     * The explanation when a command that draws from a generator ({@code sample}, {@code interpolate},
     * {@code control}, {@code eval-gen --generator}) is given {@code file}, or null for a generator file.
     */
    public static String notAGenerator(Path file, Map<String, String> meta) {
        String model = model(meta);
        return switch (of(meta)) {
            case GENERATOR -> null;
            case TRAINING_CHECKPOINT -> file + " is the training checkpoint of a train " + model + " run (both networks and the"
                    + " optimisers' state), not a generator file; use --run " + dirOf(file) + " (its generator.safetensors) or"
                    + " --checkpoint " + dirOf(file).resolve("generator_epoch_NNN.safetensors") + " (one written every --save-every epochs)";
            case CLASSIFIER_CHECKPOINT -> file + " is a classifier checkpoint (train " + model + "), not a generator; give the run"
                    + " folder or the generator.safetensors of train gan|cgan|dcgan|wgan|wgan-gp|vae (a classifier is used by"
                    + " eval, or by control --classifier)";
            case UNKNOWN -> file + " holds no generator this version can rebuild (no info.spec.kind in its metadata); give the"
                    + " generator.safetensors of train gan|cgan|dcgan|wgan|wgan-gp|vae";
        };
    }

    private static Path dirOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return file.getParent() != null ? file.getParent() : parent;
    }

    private static Path generatorOf(Path file) {
        return dirOf(file).resolve("generator.safetensors");
    }
}
