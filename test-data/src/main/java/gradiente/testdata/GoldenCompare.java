package gradiente.testdata;

import java.util.Arrays;

/**
 * Compares computed values with a stored golden tensor, element by element.
 *
 * <p>Element {@code i} passes when {@code |actual[i] - expected[i]| <= rtol * max(|expected[i]|, floor)}
 * with {@code floor = 1e-3 * max|expected|} over the whole tensor (1e-3 when the tensor is all zeros): a
 * relative tolerance with an absolute floor scaled to the tensor, so that an entry that cancels to
 * nearly zero (terms of size 1 summing to 1e-9) is judged against the size of its terms rather than
 * its own size, while entries of ordinary size are held to the full relative tolerance.
 * A mismatch throws an {@link AssertionError} naming the case, the op, the tensor, the element's flat
 * and multi-dimensional index, both values and the tolerance.
 */
public final class GoldenCompare {
    /** The tolerance for float64 computations compared with PyTorch's float64 results. */
    public static final double FLOAT64_RTOL = 1e-10;
    /** The absolute floor of the tolerance as a fraction of the tensor's largest magnitude. */
    public static final double FLOOR_FRACTION = 1e-3;

    private GoldenCompare() {
    }

    /**
     * Asserts that {@code actual} (row-major, of shape {@code actualShape}) matches the golden tensor
     * {@code tensorName} of {@code c}.
     */
    public static void assertClose(GoldenCase c, String tensorName, int[] actualShape, double[] actual, double rtol) {
        assertClose(c, tensorName, actualShape, actual, rtol, 0);
    }

    /**
     * As {@link #assertClose(GoldenCase, String, int[], double[], double)} with an absolute term added to
     * every element's tolerance: {@code rtol * max(|expected[i]|, floor) + atol}. Float32 replays use a
     * few units in the last place of the tensor's largest magnitude, the resolution below which a float32
     * sum of terms of that size cannot be held (the relative floor alone is smaller than one ulp).
     */
    public static void assertClose(GoldenCase c, String tensorName, int[] actualShape, double[] actual, double rtol,
            double atol) {
        GoldenArray expected = c.array(tensorName);
        String what = c.id() + " (op " + c.op() + "): " + tensorName;
        if (!Arrays.equals(expected.shape(), actualShape)) {
            throw new AssertionError(what + ": shape " + Arrays.toString(actualShape) + ", expected "
                    + Arrays.toString(expected.shape()));
        }
        double[] e = expected.data();
        if (actual.length != e.length) {
            throw new AssertionError(what + ": " + actual.length + " elements, expected " + e.length);
        }
        double maxAbs = 0;
        for (double v : e) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double floor = FLOOR_FRACTION * (maxAbs == 0 ? 1 : maxAbs);
        for (int i = 0; i < e.length; i++) {
            double tol = rtol * Math.max(Math.abs(e[i]), floor) + atol;
            double diff = Math.abs(actual[i] - e[i]);
            if (!(diff <= tol)) {
                throw new AssertionError(what + ": element " + i + " " + Arrays.toString(unravel(i, actualShape))
                        + ": expected " + e[i] + ", got " + actual[i] + " (|diff| " + diff + " > tolerance " + tol + ")");
            }
        }
    }

    /** The multi-dimensional index of row-major flat index {@code i} in {@code shape}. */
    static int[] unravel(int i, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = i % shape[d];
            i /= shape[d];
        }
        return idx;
    }
}
