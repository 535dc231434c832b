package gradiente.cuda;

import gradiente.tensor.Layout;
import java.util.Arrays;

/**
 * Packs a {@link Layout} into the {@code Lay} struct every kernel takes by value
 * ({@code src/main/cuda/common.cuh}): {@code rank, offset, shape[8], stride[8]} as 18 ints. Layouts
 * that are processed together (the operands of one element-wise op) are first coalesced jointly with
 * {@link Layout#coalesce}, which merges contiguous dimensions so that kernels do less index arithmetic.
 */
final class LayoutPack {
    /** The kernels' {@code GR_MAX_RANK}. */
    static final int MAX_RANK = 8;
    /** Ints per packed layout. */
    static final int INTS = 2 + 2 * MAX_RANK;

    private LayoutPack() {
    }

    /** One layout as the kernel struct; the op name goes into the error for ranks above 8. */
    static int[] pack(String op, Layout l) {
        if (l.rank() > MAX_RANK) {
            throw new IllegalArgumentException(op + ": cuda kernels support rank <= " + MAX_RANK
                    + " after merging contiguous dimensions; got shape " + Arrays.toString(l.shape()) + " with strides "
                    + Arrays.toString(l.strides()));
        }
        int[] p = new int[INTS];
        p[0] = l.rank();
        p[1] = l.offset();
        int[] shape = l.shape();
        int[] strides = l.strides();
        System.arraycopy(shape, 0, p, 2, shape.length);
        System.arraycopy(strides, 0, p, 2 + MAX_RANK, strides.length);
        return p;
    }

    /** Layouts of one shape, coalesced jointly and packed. */
    static int[][] packTogether(String op, Layout... layouts) {
        Layout[] c = Layout.coalesce(layouts);
        int[][] out = new int[c.length][];
        for (int i = 0; i < c.length; i++) {
            out[i] = pack(op, c[i]);
        }
        return out;
    }

    /** The layout of all but the last two dimensions (the batch of a matrix product). */
    static Layout batchOf(Layout l) {
        int r = l.rank();
        return new Layout(Arrays.copyOf(l.shape(), r - 2), Arrays.copyOf(l.strides(), r - 2), l.offset());
    }
}
