package gradiente.tensor;

/**
 * A pluggable backend, found with {@link java.util.ServiceLoader} (register the implementation in
 * {@code META-INF/services/gradiente.tensor.BackendProvider}). Probing must be cheap and must never
 * throw: a missing driver or native library is reported as an unavailable {@link Availability}.
 */
public interface BackendProvider {
    /** The name users select it by ({@code cpu}, {@code cuda}). */
    String name();

    /** Device family this backend computes on. */
    String deviceType();

    /** Higher wins when the device is chosen automatically. */
    int priority();

    /** Whether the backend can run here, and why not. */
    Availability probe();

    /** Creates the backend for a device ordinal; called only after a successful probe. */
    Backend create(int deviceIndex);

    /** Result of a probe. */
    record Availability(boolean available, String reason) {
        public static Availability yes(String detail) {
            return new Availability(true, detail);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
