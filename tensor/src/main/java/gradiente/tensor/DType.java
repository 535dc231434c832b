package gradiente.tensor;

/**
 * Element types. float32 is the working type of models; float64 exists on every CPU path so that
 * gradient checks (central differences) have the precision they need.
 *
 * <p>Index-valued results (argmax, labels, gather indices) are stored as exact integers in these
 * floating types: float32 represents every integer up to 2^24 exactly, float64 up to 2^53.
 */
public enum DType {
    FLOAT32(4),
    FLOAT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The type both operands of a binary op are computed in: the wider of the two. */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }

    /** Short name as used in error messages and file headers ({@code f32}, {@code f64}). */
    public String shortName() {
        return this == FLOAT32 ? "f32" : "f64";
    }
}
