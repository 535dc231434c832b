package gradiente.tensor;

import java.util.Objects;

/**
 * Storage on the Java heap: exactly one of a {@code float[]} (float32) or a {@code double[]} (float64).
 * CPU kernels read the arrays directly.
 */
public final class HeapStorage implements Storage {
    private final float[] floats;
    private final double[] doubles;

    private HeapStorage(float[] floats, double[] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    /** Wraps (does not copy) a float array. */
    public static HeapStorage wrap(float[] data) {
        return new HeapStorage(Objects.requireNonNull(data), null);
    }

    /** Wraps (does not copy) a double array. */
    public static HeapStorage wrap(double[] data) {
        return new HeapStorage(null, Objects.requireNonNull(data));
    }

    /** A zero-filled storage of the given type and length. */
    public static HeapStorage allocate(DType dtype, int length) {
        return dtype == DType.FLOAT32 ? wrap(new float[length]) : wrap(new double[length]);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public DType dtype() {
        return floats != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    @Override
    public int length() {
        return floats != null ? floats.length : doubles.length;
    }

    /** The float32 array; fails for float64 storage. */
    public float[] f32() {
        if (floats == null) {
            throw new IllegalStateException("storage is f64, not f32");
        }
        return floats;
    }

    /** The float64 array; fails for float32 storage. */
    public double[] f64() {
        if (doubles == null) {
            throw new IllegalStateException("storage is f32, not f64");
        }
        return doubles;
    }

    /** Element at a storage position, widened to double. */
    public double get(int position) {
        return floats != null ? floats[position] : doubles[position];
    }

    /** Stores a value at a storage position, narrowing to float for f32 storage. */
    public void set(int position, double value) {
        if (floats != null) {
            floats[position] = (float) value;
        } else {
            doubles[position] = value;
        }
    }
}
