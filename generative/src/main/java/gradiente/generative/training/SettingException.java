package gradiente.generative.training;

import java.util.Locale;

/**
 * A recipe setting out of its range, e.g. {@code GanTraining: ema must be in (0, 1), or 0 for off, got 1}.
 * The message names the library's setting; {@link #setting()} lets a command line name its own flag
 * instead ({@link #flag()} is the setting in kebab case, {@code evalCount -> --eval-count}).
 */
public final class SettingException extends IllegalArgumentException {
    private final String owner;
    private final String setting;
    private final String problem;

    /**
     * @param owner   the recipe or class, e.g. {@code GanTraining}
     * @param setting the setting's name, e.g. {@code batch}
     * @param problem what is wrong, starting with the verb: {@code "must be even, got 3"}
     */
    public SettingException(String owner, String setting, String problem) {
        super(owner + ": " + setting + " " + problem);
        this.owner = owner;
        this.setting = setting;
        this.problem = problem;
    }

    public String owner() {
        return owner;
    }

    public String setting() {
        return setting;
    }

    /** What is wrong, without the names. */
    public String problem() {
        return problem;
    }

    /** The setting as a command-line flag: {@code evalCount -> --eval-count}. */
    public String flag() {
        return "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
