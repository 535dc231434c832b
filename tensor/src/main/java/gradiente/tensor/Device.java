package gradiente.tensor;

import java.util.Objects;

/**
 * Where a tensor's storage lives: {@code cpu} (the Java heap) or an accelerator such as {@code cuda:0}.
 *
 * @param type  backend family, e.g. {@code "cpu"} or {@code "cuda"}
 * @param index device ordinal within the family (0 for the CPU)
 */
public record Device(String type, int index) {
    /** The Java heap. Always available. */
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        Objects.requireNonNull(type, "type");
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    /** The first CUDA device. */
    public static Device cuda() {
        return new Device("cuda", 0);
    }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = t.indexOf(':');
        if (colon < 0) {
            return new Device(t, 0);
        }
        try {
            return new Device(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device: cannot parse '" + text + "' (expected cpu, cuda or cuda:N)");
        }
    }

    public boolean isCpu() {
        return type.equals("cpu");
    }

    @Override
    public String toString() {
        return isCpu() ? "cpu" : type + ":" + index;
    }
}
