package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;

/**
 * Random tensors of a requested shape with random layouts: permuted storage order, slices with step 2
 * and an offset, expanded (stride-0) dimensions, flipped (negative-stride) dimensions, or plain
 * contiguous, so that fast kernels are compared with the reference on every kind of view.
 */
final class RandomLayouts {
    private RandomLayouts() {
    }

    /** A random shape of the given rank with sizes in {@code [1, maxSize]}. */
    static int[] shape(Generator g, int rank, int maxSize) {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) {
            s[d] = 1 + g.nextInt(maxSize);
        }
        return s;
    }

    /** A tensor of {@code shape} with standard normal values behind a randomly chosen kind of view. */
    static Tensor tensor(Generator g, DType dtype, int... shape) {
        int rank = shape.length;
        if (g.nextInt(5) == 0) {
            return Tensor.randn(g, dtype, shape);
        }
        int[] base = shape.clone();
        int[] step = new int[rank];
        int[] start = new int[rank];
        boolean[] expand = new boolean[rank];
        boolean[] flip = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            step[d] = 1 + g.nextInt(2);
            start[d] = g.nextInt(2);
            expand[d] = shape[d] > 1 && g.nextInt(6) == 0;
            flip[d] = g.nextInt(3) == 0;
            base[d] = expand[d] ? 1 : start[d] + shape[d] * step[d];
        }
        int[] perm = g.permutation(rank);
        int[] stored = new int[rank];
        for (int i = 0; i < rank; i++) {
            stored[i] = base[perm[i]];
        }
        Tensor t = Tensor.randn(g, dtype, stored).permute(Layout.inversePermutation(perm));
        for (int d = 0; d < rank; d++) {
            if (!expand[d]) {
                t = t.slice(d, start[d], start[d] + shape[d] * step[d], step[d]);
            }
            if (flip[d]) {
                t = t.flip(d);
            }
        }
        return t.expand(shape);
    }

    /** Largest absolute value of a tensor (for tolerances). */
    static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
