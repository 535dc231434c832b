package gradiente.cli;

/**
 * The command line being run, as the user typed it after {@code ./gradiente} (set by {@link Main}
 * before a command runs), so that messages can repeat it, e.g. the line printed on an interrupted run.
 */
final class Invocation {
    private static volatile String[] args = new String[0];

    private Invocation() {
    }

    static void set(String[] a) {
        args = a.clone();
    }

    /** {@code ./gradiente ARGS}, each argument with spaces quoted. */
    static String commandLine() {
        StringBuilder sb = new StringBuilder("./gradiente");
        for (String a : args) {
            sb.append(' ').append(a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a);
        }
        return sb.toString();
    }
}
