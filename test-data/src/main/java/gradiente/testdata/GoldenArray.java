package gradiente.testdata;

import java.util.Arrays;

/**
 * One stored tensor: its shape and its elements in row-major (C) order, as float64.
 *
 * <p>Integer-valued tensors (indices of {@code gather}, results of {@code argmax}, boolean masks of
 * {@code where}) are stored as float64 too and read back exactly with {@link #intData()}.
 * A scalar (rank-0) tensor has shape {@code []} and one element.
 *
 * @param shape the sizes of the dimensions, outermost first
 * @param data  the {@code prod(shape)} elements, last dimension fastest
 */
public record GoldenArray(int[] shape, double[] data) {

    /** Checks that the element count matches the shape; copies nothing (tests treat it as read-only). */
    public GoldenArray {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("golden array: negative size in shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("golden array: shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but data has " + data.length);
        }
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return data.length;
    }

    /** A copy of the shape (safe to hand to code that may keep or change it). */
    public int[] shapeCopy() {
        return shape.clone();
    }

    /** The elements as float32, rounded to nearest, for float32 tests. */
    public float[] floatData() {
        float[] f = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    /** The elements as ints; fails when an element is not an exact integer. */
    public int[] intData() {
        int[] r = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalStateException("golden array: element " + i + " = " + v + " is not an int");
            }
            r[i] = (int) v;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoldenArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "GoldenArray" + Arrays.toString(shape) + (data.length <= 8 ? Arrays.toString(data) : "(" + data.length + " elements)");
    }
}
