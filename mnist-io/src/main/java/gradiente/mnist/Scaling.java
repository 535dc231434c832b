package gradiente.mnist;

/**
 * How unsigned-byte pixels {@code p in 0..255} become floats. {@link #ZERO_ONE} suits sigmoid outputs
 * and binary cross-entropy (thesis 4.2's DCGAN); {@link #MINUS_ONE_ONE} suits a tanh generator output
 * (the thesis' suggested variant).
 */
public enum Scaling {
    /** {@code x = p / 255}, in [0, 1]. */
    ZERO_ONE(0, 1),
    /** {@code x = 2 p / 255 - 1}, in [-1, 1]. */
    MINUS_ONE_ONE(-1, 1);

    private final float lo;
    private final float hi;

    Scaling(float lo, float hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** Value of pixel byte 0. */
    public float lo() {
        return lo;
    }

    /** Value of pixel byte 255. */
    public float hi() {
        return hi;
    }

    /** Maps an unsigned byte 0..255 to the range. */
    public float apply(int pixel) {
        return lo + (hi - lo) * (pixel / 255f);
    }

    /** Parses {@code 0,1} / {@code zero-one} or {@code -1,1} / {@code minus-one-one}. */
    public static Scaling parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "0,1", "01", "zero-one", "zero_one", "[0,1]" -> ZERO_ONE;
            case "-1,1", "minus-one-one", "minus_one_one", "[-1,1]" -> MINUS_ONE_ONE;
            default -> throw new IllegalArgumentException("scaling: expected 0,1 or -1,1, got '" + text + "'");
        };
    }
}
