package gradiente.generative.training;

import java.util.Locale;

/**
 * Memory checks before large allocations, so that a size option too large for the heap is a clear
 * message ("needs about N GB, the heap is M GB; lower --samples or raise GRADIENTE_HEAP") rather than
 * a {@link OutOfMemoryError} minutes later; and the one paragraph that reports an
 * {@code OutOfMemoryError} that happens anyway. Estimates count the float32 tensors an operation holds
 * at once (4 bytes per value), so they are lower bounds.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /** Bytes the heap can still grow to hold: the maximum heap less what is in use now. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Throws when {@code bytes} exceed what the heap can still hold.
     *
     * @param what   what needs the memory, e.g. {@code "--samples 1000000 (the generated images)"}
     * @param option the options that lower the need, e.g. {@code "--samples"}
     */
    public static void require(double bytes, String what, String option) {
        long free = available();
        if (bytes > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s, but the heap is %s (%s of it"
                            + " free); lower %s or raise GRADIENTE_HEAP (now %s)", what, gb(bytes), gb(Runtime.getRuntime().maxMemory()),
                    gb(free), option, heapSetting()));
        }
    }

    /** {@code values} float32 values: 4 bytes each, as a double so that huge products do not overflow. */
    public static double floats(double values) {
        return 4 * values;
    }

    /** The paragraph printed for an {@link OutOfMemoryError} of command {@code command} (e.g. {@code train gan}). */
    public static String outOfMemory(String command, OutOfMemoryError e) {
        return String.format(Locale.ROOT, "gradiente %s ran out of memory (%s) with a heap of %s. Lower the sizes this command"
                        + " works with (such as --batch, --samples, --count, --eval-count, --latent, --hidden or --train-size),"
                        + " or give it more memory with GRADIENTE_HEAP, e.g. GRADIENTE_HEAP=16g ./gradiente %s ... (now %s;"
                        + " the machine's memory is the limit).", command, e.getMessage() == null ? "no details" : e.getMessage(),
                gb(Runtime.getRuntime().maxMemory()), command, heapSetting());
    }

    private static String heapSetting() {
        String env = System.getenv("GRADIENTE_HEAP");
        return env == null || env.isBlank() ? "unset, so the launcher's 12g or the JVM's default" : env;
    }

    static String gb(double bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9) : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
