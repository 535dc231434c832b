package gradiente.tensor;

import java.util.Arrays;

/**
 * How a tensor's elements are found in its flat storage: a shape, one stride per dimension and an
 * offset. The element at index {@code (i0, i1, ..., ik)} lives at storage position
 * {@code offset + i0*strides[0] + i1*strides[1] + ... + ik*strides[k]}.
 *
 * <p>This is the one class that does index arithmetic: position of an index, unravelling of flat
 * indices, contiguous strides, broadcasting of shapes, and every view (permute, narrow with step,
 * expand with stride 0, flip with negative strides, squeeze, unsqueeze, reshape without copying).
 * Backends and tensors reuse exactly this code. Layouts are immutable; views never copy data.
 */
public final class Layout {
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    /** A layout with explicit strides and offset (arrays are copied). */
    public Layout(int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("layout: shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("layout: negative dimension in shape " + Arrays.toString(shape));
            }
        }
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
    }

    /** Row-major (C order) layout of the given shape, offset 0. */
    public static Layout contiguous(int... shape) {
        return new Layout(shape, contiguousStrides(shape), 0);
    }

    // ------------------------------------------------------------------ basic queries

    public int rank() {
        return shape.length;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides. */
    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[dim("size", d, shape.length)];
    }

    /** Stride of dimension {@code d} (negative counts from the end). */
    public int stride(int d) {
        return strides[dim("stride", d, shape.length)];
    }

    /** Number of elements. */
    public int numel() {
        return numel(shape);
    }

    /** True when elements are stored in row-major order without gaps (size-1 dims may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1) {
                if (strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    /** Storage position of the element at a full index. */
    public int position(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
                    + " but shape " + Arrays.toString(shape) + " has rank " + shape.length);
        }
        int p = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape "
                        + Arrays.toString(shape));
            }
            p += i * strides[d];
        }
        return p;
    }

    /** Storage position of the {@code flat}-th element in row-major order. */
    public int positionOfFlat(int flat) {
        int p = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            p += (flat % n) * strides[d];
            flat /= n;
        }
        return p;
    }

    /** Writes the row-major multi-index of the {@code flat}-th element into {@code index}. */
    public static void unravel(int flat, int[] shape, int[] index) {
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            index[d] = flat % n;
            flat /= n;
        }
    }

    /** Lowest and highest storage positions touched (inclusive), or {@code {offset, offset-1}} when empty. */
    public int[] positionRange() {
        if (numel() == 0) {
            return new int[] {offset, offset - 1};
        }
        int lo = offset;
        int hi = offset;
        for (int d = 0; d < shape.length; d++) {
            int extent = (shape[d] - 1) * strides[d];
            if (extent < 0) {
                lo += extent;
            } else {
                hi += extent;
            }
        }
        return new int[] {lo, hi};
    }

    // ------------------------------------------------------------------ static index arithmetic

    /** Row-major strides of a shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= Math.max(shape[d], 1);
        }
        return s;
    }

    /** Product of the dimensions (1 for a scalar). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements; at most 2^31-1 are supported");
        }
        return (int) n;
    }

    /** Normalises a possibly negative dimension; the message names the op. */
    public static int dim(String op, int d, int rank) {
        int r = d < 0 ? d + rank : d;
        if (r < 0 || r >= rank) {
            throw new IllegalArgumentException(op + ": dimension " + d + " out of range for rank " + rank);
        }
        return r;
    }

    /** Normalised, sorted, duplicate-free dimensions; no dimensions given means all of them. */
    public static int[] dims(String op, int rank, int... dims) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int d : dims) {
            int r = dim(op, d, rank);
            if (seen[r]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " given twice in " + Arrays.toString(dims));
            }
            seen[r] = true;
        }
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (seen[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * NumPy broadcasting: shapes are aligned at their last dimension; each pair of sizes must be equal
     * or one of them 1. The result has the larger rank.
     */
    public static int[] broadcastShapes(String op, int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int d = rank - s.length + i;
                int a = out[d];
                int b = s[i];
                if (a == b || b == 1) {
                    continue;
                }
                if (a == 1) {
                    out[d] = b;
                } else {
                    StringBuilder msg = new StringBuilder(op).append(": shapes");
                    for (int[] t : shapes) {
                        msg.append(' ').append(Arrays.toString(t));
                    }
                    msg.append(" cannot be broadcast (dimension ").append(d).append(": ").append(a).append(" vs ")
                            .append(b).append(')');
                    throw new IllegalArgumentException(msg.toString());
                }
            }
        }
        return out;
    }

    /**
     * Reshape without copying, following PyTorch's rule: the new shape is viewable when each run of
     * old dimensions that is contiguous in memory maps onto whole new dimensions.
     *
     * @return the new strides, or {@code null} when no view is possible (the caller must copy)
     */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (numel(oldShape) == 0 || oldShape.length == 0) {
            return contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        int chunkBase = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int t = oldShape.length - 1; t >= 0; t--) {
            tensorNumel *= oldShape[t];
            if (t == 0 || (oldShape[t - 1] != 1 && oldStrides[t - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (t > 0) {
                    chunkBase = oldStrides[t - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    /** Resolves a single {@code -1} in a requested shape and checks the element count. */
    public static int[] inferShape(String op, int[] from, int[] requested) {
        int[] out = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Arrays.toString(requested));
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in " + Arrays.toString(requested));
            } else {
                known *= out[i];
            }
        }
        int n = numel(from);
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Arrays.toString(from) + " (" + n
                        + " elements) into " + Arrays.toString(requested));
            }
            out[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Arrays.toString(from) + " (" + n
                    + " elements) into " + Arrays.toString(requested) + " (" + known + " elements)");
        }
        return out;
    }

    /**
     * Merges adjacent dimensions that are contiguous with each other in every one of the given layouts
     * (which must share a shape), dropping size-1 dimensions. Kernels use this to turn, for example,
     * contiguous tensors of any rank into one long row. The offsets are kept.
     */
    public static Layout[] coalesce(Layout... layouts) {
        int[] shape = layouts[0].shape;
        int rank = shape.length;
        int n = layouts.length;
        int[] outShape = new int[rank];
        int[][] outStrides = new int[n][rank];
        int k = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int l = 0; l < n && merge; l++) {
                merge = outStrides[l][k - 1] == layouts[l].strides[d] * shape[d];
            }
            if (merge) {
                outShape[k - 1] *= shape[d];
                for (int l = 0; l < n; l++) {
                    outStrides[l][k - 1] = layouts[l].strides[d];
                }
            } else {
                outShape[k] = shape[d];
                for (int l = 0; l < n; l++) {
                    outStrides[l][k] = layouts[l].strides[d];
                }
                k++;
            }
        }
        Layout[] out = new Layout[n];
        int[] s = Arrays.copyOf(outShape, k);
        for (int l = 0; l < n; l++) {
            out[l] = new Layout(s, Arrays.copyOf(outStrides[l], k), layouts[l].offset);
        }
        return out;
    }

    // ------------------------------------------------------------------ views

    /** Reorders dimensions: result dimension {@code i} is this layout's dimension {@code order[i]}. */
    public Layout permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not match rank "
                    + shape.length + " of shape " + Arrays.toString(shape));
        }
        int[] dims = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = dim("permute", order[i], shape.length);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation");
            }
            seen[d] = true;
            dims[i] = d;
        }
        int[] s = new int[shape.length];
        int[] st = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = shape[dims[i]];
            st[i] = strides[dims[i]];
        }
        return new Layout(s, st, offset);
    }

    /** The permutation that undoes {@code permute(order)}. */
    public static int[] inversePermutation(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[dim("permute", order[i], order.length)] = i;
        }
        return inv;
    }

    /** Swaps two dimensions. */
    public Layout transpose(int a, int b) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int da = dim("transpose", a, shape.length);
        int db = dim("transpose", b, shape.length);
        order[da] = db;
        order[db] = da;
        return permute(order);
    }

    /**
     * Elements {@code start, start+step, ...} (fewer than {@code end}) along one dimension, like
     * Python's {@code x[start:end:step]}. Negative start/end count from the end; they are clamped.
     */
    public Layout slice(int d, int start, int end, int step) {
        int dd = dim("slice", d, shape.length);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step + " (use flip for reversal)");
        }
        int n = shape[dd];
        int s = clampIndex(start < 0 ? start + n : start, n);
        int e = clampIndex(end < 0 ? end + n : end, n);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] sh = shape.clone();
        int[] st = strides.clone();
        sh[dd] = len;
        st[dd] = strides[dd] * step;
        return new Layout(sh, st, offset + (len > 0 ? s * strides[dd] : 0));
    }

    private static int clampIndex(int i, int n) {
        return Math.max(0, Math.min(i, n));
    }

    /** {@code length} consecutive elements from {@code start} along one dimension. */
    public Layout narrow(int d, int start, int length) {
        int dd = dim("narrow", d, shape.length);
        if (start < 0 || length < 0 || start + length > shape[dd]) {
            throw new IllegalArgumentException("narrow: start " + start + " length " + length
                    + " out of range for dimension " + dd + " of shape " + Arrays.toString(shape));
        }
        int[] sh = shape.clone();
        sh[dd] = length;
        return new Layout(sh, strides, offset + start * strides[dd]);
    }

    /** Fixes one dimension at an index and removes it. */
    public Layout select(int d, int index) {
        int dd = dim("select", d, shape.length);
        int i = index < 0 ? index + shape[dd] : index;
        if (i < 0 || i >= shape[dd]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dimension " + dd
                    + " of shape " + Arrays.toString(shape));
        }
        return new Layout(remove(shape, dd), remove(strides, dd), offset + i * strides[dd]);
    }

    /** Inserts a size-1 dimension at position {@code d} (0..rank). */
    public Layout unsqueeze(int d) {
        int dd = dim("unsqueeze", d, shape.length + 1);
        int st = dd < shape.length ? strides[dd] * shape[dd] : 1;
        return new Layout(insert(shape, dd, 1), insert(strides, dd, st), offset);
    }

    /** Removes dimension {@code d}, which must have size 1. */
    public Layout squeeze(int d) {
        int dd = dim("squeeze", d, shape.length);
        if (shape[dd] != 1) {
            throw new IllegalArgumentException("squeeze: dimension " + dd + " of shape " + Arrays.toString(shape)
                    + " has size " + shape[dd] + ", not 1");
        }
        return new Layout(remove(shape, dd), remove(strides, dd), offset);
    }

    /** Removes every size-1 dimension. */
    public Layout squeeze() {
        Layout l = this;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                l = l.squeeze(d);
            }
        }
        return l;
    }

    /**
     * Broadcasts to a larger shape without copying: new leading dimensions and size-1 dimensions get
     * stride 0. A size of -1 keeps the existing size.
     */
    public Layout expand(int... target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Arrays.toString(shape)
                    + " to fewer dimensions " + Arrays.toString(target));
        }
        int lead = target.length - shape.length;
        int[] sh = new int[target.length];
        int[] st = new int[target.length];
        for (int d = 0; d < target.length; d++) {
            int t = target[d];
            if (d < lead) {
                if (t < 0) {
                    throw new IllegalArgumentException("expand: -1 not allowed for new leading dimension in "
                            + Arrays.toString(target));
                }
                sh[d] = t;
                st[d] = 0;
                continue;
            }
            int s = shape[d - lead];
            if (t == -1 || t == s) {
                sh[d] = s;
                st[d] = strides[d - lead];
            } else if (s == 1) {
                sh[d] = t;
                st[d] = 0;
            } else {
                throw new IllegalArgumentException("expand: shape " + Arrays.toString(shape) + " cannot be expanded to "
                        + Arrays.toString(target) + " (dimension " + d + " has size " + s + ", not 1)");
            }
        }
        return new Layout(sh, st, offset);
    }

    /** Reverses the order of elements along the given dimensions (negative strides, no copy). */
    public Layout flip(int... dims) {
        int[] ds = dims("flip", shape.length, dims);
        int[] st = strides.clone();
        int off = offset;
        for (int d : ds) {
            if (shape[d] > 0) {
                off += (shape[d] - 1) * strides[d];
            }
            st[d] = -strides[d];
        }
        return new Layout(shape, st, off);
    }

    /**
     * The same elements seen with another shape, without copying. Returns {@code null} when the
     * strides make that impossible (then a copy is needed; {@code Tensor.reshape} does it).
     */
    public Layout tryView(int... newShape) {
        int[] target = inferShape("view", shape, newShape);
        int[] st = viewStrides(shape, strides, target);
        return st == null ? null : new Layout(target, st, offset);
    }

    /** A layout of the same shape and offset 0 with contiguous strides. */
    public Layout contiguousLike() {
        return contiguous(shape);
    }

    // ------------------------------------------------------------------ helpers

    static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    static int[] insert(int[] a, int i, int v) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = v;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && offset == l.offset && Arrays.equals(shape, l.shape)
                && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + offset;
    }

    @Override
    public String toString() {
        return "Layout(shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides) + ", offset="
                + offset + ")";
    }
}
