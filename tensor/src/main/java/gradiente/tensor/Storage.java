package gradiente.tensor;

/**
 * A flat, typed buffer that one or more tensors view through their {@link Layout}. Storage is owned by
 * a backend: the CPU backend keeps Java arrays ({@link HeapStorage}), a CUDA backend keeps device memory
 * so that tensors stay resident on the GPU between operations.
 *
 * <p>Storage is the only mutable part of a tensor; layouts are immutable.
 */
public interface Storage {
    /** Where the elements live. */
    Device device();

    /** Element type. */
    DType dtype();

    /** Number of elements (not bytes). */
    int length();
}
