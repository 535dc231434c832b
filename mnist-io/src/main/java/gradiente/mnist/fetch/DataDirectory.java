package gradiente.mnist.fetch;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where MNIST lives: an explicit folder ({@code --data DIR}), else the system property
 * {@code gradiente.data}, else the environment variable {@code GRADIENTE_DATA}, else
 * {@code $XDG_CACHE_HOME/gradiente/mnist}, else {@code ~/.cache/gradiente/mnist}.
 */
public final class DataDirectory {
    /** Name of the environment variable that overrides the default folder. */
    public static final String ENV = "GRADIENTE_DATA";
    /** Name of the system property that overrides the default folder. */
    public static final String PROPERTY = "gradiente.data";

    private DataDirectory() {
    }

    /** The folder to use; {@code explicit} may be null. */
    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getProperties().getProperty(PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    /** The same rule with the environment passed in (for tests). */
    static Path resolve(Path explicit, String property, Map<String, String> env, String home) {
        if (explicit != null) {
            return explicit;
        }
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
        return cache.resolve("gradiente").resolve("mnist");
    }

    /** One line saying which rule chose the folder, for messages. */
    public static String explain(Path explicit) {
        if (explicit != null) {
            return "from --data";
        }
        if (System.getProperty(PROPERTY) != null) {
            return "from -D" + PROPERTY;
        }
        if (System.getenv(ENV) != null) {
            return "from " + ENV;
        }
        return "the default cache folder; set " + ENV + " or pass --data DIR to use another";
    }
}
