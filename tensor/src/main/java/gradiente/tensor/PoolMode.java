package gradiente.tensor;

/** Window reductions of 2-D pooling (thesis 2.6.1 lists maximum, average and minimum pooling). */
public enum PoolMode {
    MAX,
    /** Average counting padded positions as zeros (PyTorch's {@code count_include_pad=True}). */
    AVG_INCLUDE_PAD,
    /** Average over the in-bounds positions of each window only. */
    AVG_EXCLUDE_PAD,
    MIN
}
