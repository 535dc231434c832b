package gradiente.autograd;

/**
 * Whether operations record the graph on this thread. Inside {@link #noGrad()} results are plain
 * constants: nothing is remembered for backward (evaluation, optimiser updates, sampling).
 *
 * <pre>{@code try (var scope = GradMode.noGrad()) { ... } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** True when operations record the graph on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Disables recording until the returned scope is closed (scopes nest). */
    public static Scope noGrad() {
        return set(false);
    }

    /** Sets recording on or off until the returned scope is closed. */
    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** Restores the previous mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
