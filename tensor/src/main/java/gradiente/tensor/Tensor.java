package gradiente.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array of float32 or float64 numbers: a {@link Storage} seen through an immutable
 * {@link Layout} (shape, strides, offset). Views ({@link #reshape}, {@link #permute}, {@link #slice},
 * {@link #expand}, {@link #flip}, ...) share storage and never copy; operations return new tensors
 * computed by the {@link Backend} of the tensor's device.
 *
 * <p>Binary operations follow NumPy broadcasting. Errors name the operation and the shapes, e.g.
 * {@code matmul: [8, 3] @ [4, 5]: inner dimensions 3 and 4 differ}.
 *
 * <p>Tensors are values: apart from the explicitly named in-place methods ({@link #copyFrom},
 * {@link #fill}, {@link #set} and the {@code ...InPlace} updates used by optimisers) no method changes
 * the elements a tensor sees.
 */
public final class Tensor {
    private final Storage storage;
    private final Layout layout;

    /** A tensor seeing {@code storage} through {@code layout}; the layout must stay inside the storage. */
    public Tensor(Storage storage, Layout layout) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.layout = Objects.requireNonNull(layout, "layout");
        int[] range = layout.positionRange();
        if (range[1] >= range[0] && (range[0] < 0 || range[1] >= storage.length())) {
            throw new IllegalArgumentException("tensor: " + layout + " reaches positions " + range[0] + ".." + range[1]
                    + " outside storage of length " + storage.length());
        }
    }

    // =================================================================== creation

    /** A zero-filled contiguous tensor. */
    public static Tensor zeros(DType dtype, Device device, int... shape) {
        Backend b = Backends.forDevice(device);
        return new Tensor(b.allocate(dtype, Layout.numel(shape)), Layout.contiguous(shape));
    }

    /** float32 zeros on the default device. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, Backends.defaultDevice(), shape);
    }

    /** Zeros of the given type on the default device. */
    public static Tensor zeros(DType dtype, int... shape) {
        return zeros(dtype, Backends.defaultDevice(), shape);
    }

    /** A tensor filled with one value. */
    public static Tensor full(double value, DType dtype, Device device, int... shape) {
        Tensor t = zeros(dtype, device, shape);
        if (value != 0) {
            t.fill(value);
        }
        return t;
    }

    /** float32 ones on the default device. */
    public static Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, Backends.defaultDevice(), shape);
    }

    /** Ones of the given type on the default device. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, Backends.defaultDevice(), shape);
    }

    /** float32 tensor filled with {@code value} on the default device. */
    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT32, Backends.defaultDevice(), shape);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype, Backends.defaultDevice());
    }

    /** A float32 rank-0 tensor. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    /** Copies float data (row-major) into a float32 tensor on the default device. */
    public static Tensor of(float[] data, int... shape) {
        return of(data, Backends.defaultDevice(), shape);
    }

    /** Copies float data (row-major) into a float32 tensor on a device. */
    public static Tensor of(float[] data, Device device, int... shape) {
        checkLength("of", data.length, shape);
        return new Tensor(Backends.forDevice(device).upload(data), Layout.contiguous(shape));
    }

    /** Copies double data (row-major) into a float64 tensor on the default device. */
    public static Tensor of(double[] data, int... shape) {
        return of(data, Backends.defaultDevice(), shape);
    }

    /** Copies double data (row-major) into a float64 tensor on a device. */
    public static Tensor of(double[] data, Device device, int... shape) {
        checkLength("of", data.length, shape);
        return new Tensor(Backends.forDevice(device).upload(data), Layout.contiguous(shape));
    }

    /** Copies double data (row-major) into a tensor of the given type. */
    public static Tensor of(double[] data, DType dtype, int... shape) {
        if (dtype == DType.FLOAT64) {
            return of(data, shape);
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return of(f, shape);
    }

    private static void checkLength(String op, int length, int[] shape) {
        int n = Layout.numel(shape);
        if (n != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Arrays.toString(shape)
                    + " (" + n + " elements)");
        }
    }

    /** {@code start, start+step, ...} below {@code end} (float32, 1-D). */
    public static Tensor arange(double start, double end, double step) {
        return arange(start, end, step, DType.FLOAT32);
    }

    /** {@code start, start+step, ...} below {@code end} (1-D). */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v, dtype, n);
    }

    /** {@code 0, 1, ..., n-1} (float32). */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code steps} evenly spaced values from start to end inclusive (1-D). */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        }
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
            v[i] = steps == 1 ? start : start + (end - start) * i / (steps - 1);
        }
        return of(v, dtype, steps);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n, DType dtype) {
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        return of(v, dtype, n, n);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(Generator gen, DType dtype, int... shape) {
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.nextDouble();
        }
        return of(v, dtype, shape);
    }

    /** Uniform samples in [lo, hi). */
    public static Tensor uniform(Generator gen, double lo, double hi, DType dtype, int... shape) {
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * gen.nextDouble();
        }
        return of(v, dtype, shape);
    }

    /** Standard normal samples. */
    public static Tensor randn(Generator gen, DType dtype, int... shape) {
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.nextGaussian();
        }
        return of(v, dtype, shape);
    }

    /** float32 standard normal samples. */
    public static Tensor randn(Generator gen, int... shape) {
        return randn(gen, DType.FLOAT32, shape);
    }

    /** float32 uniform samples in [0, 1). */
    public static Tensor rand(Generator gen, int... shape) {
        return rand(gen, DType.FLOAT32, shape);
    }

    /** 1 with probability p, else 0. */
    public static Tensor bernoulli(Generator gen, double p, DType dtype, int... shape) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: probability must be in [0, 1], got " + p);
        }
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.nextDouble() < p ? 1 : 0;
        }
        return of(v, dtype, shape);
    }

    /** 1 with probability {@code probs[i]} (element-wise), else 0; same shape and type as probs. */
    public static Tensor bernoulli(Generator gen, Tensor probs) {
        double[] p = probs.toDoubleArray();
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("bernoulli: probability " + p[i] + " at flat index " + i
                        + " is not in [0, 1]");
            }
            p[i] = gen.nextDouble() < p[i] ? 1 : 0;
        }
        return of(p, probs.device(), probs.shape()).to(probs.dtype());
    }

    // =================================================================== properties

    public Storage storage() {
        return storage;
    }

    public Layout layout() {
        return layout;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return layout.shape();
    }

    /** Size of a dimension (negative counts from the end). */
    public int size(int dim) {
        return layout.size(dim);
    }

    public int rank() {
        return layout.rank();
    }

    public int numel() {
        return layout.numel();
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** The backend computing this tensor's operations. */
    public Backend backend() {
        return Backends.forDevice(storage.device());
    }

    public boolean isContiguous() {
        return layout.isContiguous();
    }

    /** Shape as text, e.g. {@code [8, 3, 28, 28]}. */
    public String shapeString() {
        return Arrays.toString(layout.shape());
    }

    // =================================================================== element access

    /** The element at an index, as a double (slow on accelerators: one transfer). */
    public double get(int... index) {
        int p = layout.position(index);
        if (storage instanceof HeapStorage h) {
            return h.get(p);
        }
        return new Tensor(storage, new Layout(new int[0], new int[0], p)).toDoubleArray()[0];
    }

    /** Writes one element (in place). */
    public void set(double value, int... index) {
        int p = layout.position(index);
        if (storage instanceof HeapStorage h) {
            h.set(p, value);
        } else {
            new Tensor(storage, new Layout(new int[0], new int[0], p)).fill(value);
        }
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + shapeString() + " has " + numel()
                    + " elements, not 1");
        }
        return toDoubleArray()[0];
    }

    /** The elements in row-major order as doubles (a copy). */
    public double[] toDoubleArray() {
        double[] out = new double[numel()];
        backend().download(this, out);
        return out;
    }

    /** The elements in row-major order as floats (a copy). */
    public float[] toFloatArray() {
        float[] out = new float[numel()];
        backend().download(this, out);
        return out;
    }

    /**
     * The elements in row-major order as ints (a copy): class indices such as {@code argmax} results or
     * label tensors.
     *
     * @throws IllegalArgumentException naming the first element that is not an integer within the int range
     */
    public int[] toIntArray() {
        double[] v = toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("toIntArray: element " + i + " of tensor " + shapeString() + " is " + v[i]
                        + ", not an integer in the int range");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    // =================================================================== views (no copy)

    private Tensor view(Layout l) {
        return new Tensor(storage, l);
    }

    /** Same elements, another shape; copies only when the strides make a view impossible. */
    public Tensor reshape(int... shape) {
        Layout l = layout.tryView(shape);
        return l != null ? view(l) : contiguous().view(layout.contiguousLike().tryView(shape));
    }

    /** Same elements, another shape, never copying; fails when the strides make that impossible. */
    public Tensor view(int... shape) {
        Layout l = layout.tryView(shape);
        if (l == null) {
            throw new IllegalArgumentException("view: shape " + shapeString() + " with strides "
                    + Arrays.toString(layout.strides()) + " cannot be viewed as " + Arrays.toString(shape)
                    + " without copying; use reshape (or contiguous() first)");
        }
        return view(l);
    }

    /** Flattens dimensions {@code start..end} (inclusive) into one. */
    public Tensor flatten(int start, int end) {
        int r = rank();
        if (r == 0) {
            return reshape(1);
        }
        int s = Layout.dim("flatten", start, r);
        int e = Layout.dim("flatten", end, r);
        int[] sh = layout.shape();
        int[] out = new int[r - (e - s)];
        int k = 0;
        for (int d = 0; d < s; d++) {
            out[k++] = sh[d];
        }
        int m = 1;
        for (int d = s; d <= e; d++) {
            m *= sh[d];
        }
        out[k++] = m;
        for (int d = e + 1; d < r; d++) {
            out[k++] = sh[d];
        }
        return reshape(out);
    }

    /** Flattens everything into one dimension. */
    public Tensor flatten() {
        return reshape(-1);
    }

    public Tensor permute(int... order) {
        return view(layout.permute(order));
    }

    public Tensor transpose(int a, int b) {
        return view(layout.transpose(a, b));
    }

    /** Transpose of a matrix (rank 2). */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expects a matrix, got shape " + shapeString());
        }
        return transpose(0, 1);
    }

    /** {@code x[start:end:step]} along one dimension. */
    public Tensor slice(int dim, int start, int end, int step) {
        return view(layout.slice(dim, start, end, step));
    }

    /** {@code x[start:end]} along one dimension. */
    public Tensor slice(int dim, int start, int end) {
        return slice(dim, start, end, 1);
    }

    public Tensor narrow(int dim, int start, int length) {
        return view(layout.narrow(dim, start, length));
    }

    /** Fixes one dimension at an index and drops it. */
    public Tensor select(int dim, int index) {
        return view(layout.select(dim, index));
    }

    public Tensor unsqueeze(int dim) {
        return view(layout.unsqueeze(dim));
    }

    public Tensor squeeze(int dim) {
        return view(layout.squeeze(dim));
    }

    public Tensor squeeze() {
        return view(layout.squeeze());
    }

    /** Broadcast view (stride 0 along expanded dimensions); -1 keeps a size. */
    public Tensor expand(int... shape) {
        return view(layout.expand(shape));
    }

    /** Broadcast view to a shape (see {@link Layout#broadcastShapes}). */
    public Tensor broadcastTo(int... shape) {
        Layout.broadcastShapes("broadcastTo", layout.shape(), shape);
        return expand(shape);
    }

    public Tensor flip(int... dims) {
        return view(layout.flip(dims));
    }

    /** This tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        if (layout.isContiguous() && layout.offset() == 0 && storage.length() == numel()) {
            return this;
        }
        Tensor out = emptyLike(dtype(), layout.shape());
        backend().copy(this, out);
        return out;
    }

    /** A contiguous copy, always. */
    public Tensor copy() {
        Tensor out = emptyLike(dtype(), layout.shape());
        backend().copy(this, out);
        return out;
    }

    /** The same values in another element type (this tensor when already of that type). */
    public Tensor to(DType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        Tensor out = emptyLike(dtype, layout.shape());
        backend().copy(this, out);
        return out;
    }

    /** The same values on another device (this tensor when already there). */
    public Tensor to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        Backend target = Backends.forDevice(device);
        if (dtype() == DType.FLOAT32) {
            return new Tensor(target.upload(toFloatArray()), Layout.contiguous(layout.shape()));
        }
        return new Tensor(target.upload(toDoubleArray()), Layout.contiguous(layout.shape()));
    }

    private Tensor emptyLike(DType dtype, int[] shape) {
        return new Tensor(backend().allocate(dtype, Layout.numel(shape)), Layout.contiguous(shape));
    }

    /** A zero-filled contiguous tensor of the same type and device with the given shape. */
    public Tensor newZeros(int... shape) {
        return emptyLike(dtype(), shape);
    }

    /** Zeros of this tensor's shape, type and device. */
    public Tensor zerosLike() {
        return emptyLike(dtype(), layout.shape());
    }

    /** A tensor of this type and device filled with a value. */
    public Tensor newFull(double value, int... shape) {
        Tensor t = emptyLike(dtype(), shape);
        if (value != 0) {
            t.fill(value);
        }
        return t;
    }

    /** A rank-0 tensor of this type and device. */
    public Tensor newScalar(double value) {
        return newFull(value);
    }

    // =================================================================== in place

    /** Sets every element (in place, through this view). */
    public Tensor fill(double value) {
        backend().fill(this, value);
        return this;
    }

    /** Copies {@code src} (broadcast to this shape) into this view, in place. */
    public Tensor copyFrom(Tensor src) {
        Tensor s = src.to(device());
        backend().copy(s.broadcastTo(layout.shape()), this);
        return this;
    }

    /** {@code this += alpha * other} in place (this must be contiguous). */
    public Tensor addInPlace(Tensor other, double alpha) {
        requireContiguousTarget("addInPlace");
        Tensor o = alpha == 1.0 ? other : other.mul(alpha);
        backend().binary(BinaryOp.ADD, this, o.to(device()).broadcastTo(layout.shape()), this);
        return this;
    }

    /** {@code this *= factor} in place (this must be contiguous). */
    public Tensor mulInPlace(double factor) {
        requireContiguousTarget("mulInPlace");
        backend().unary(UnaryOp.AFFINE, factor, 0, this, this);
        return this;
    }

    /** Applies an element-wise map in place (this must be contiguous). */
    public Tensor applyInPlace(UnaryOp op, double p, double q) {
        requireContiguousTarget("applyInPlace");
        backend().unary(op, p, q, this, this);
        return this;
    }

    private void requireContiguousTarget(String op) {
        if (!layout.isContiguous()) {
            throw new IllegalStateException(op + ": target of shape " + shapeString() + " is not contiguous");
        }
    }

    // =================================================================== element-wise

    /** Applies an element-wise map (see {@link UnaryOp}). */
    public Tensor map(UnaryOp op, double p, double q) {
        Tensor out = emptyLike(dtype(), layout.shape());
        backend().unary(op, p, q, this, out);
        return out;
    }

    public Tensor map(UnaryOp op) {
        return map(op, 0, 0);
    }

    public Tensor neg() { return map(UnaryOp.NEG); }
    public Tensor abs() { return map(UnaryOp.ABS); }
    public Tensor sign() { return map(UnaryOp.SIGN); }
    public Tensor exp() { return map(UnaryOp.EXP); }
    public Tensor log() { return map(UnaryOp.LOG); }
    public Tensor sqrt() { return map(UnaryOp.SQRT); }
    public Tensor square() { return map(UnaryOp.SQUARE); }
    public Tensor reciprocal() { return map(UnaryOp.RECIPROCAL); }
    public Tensor sigmoid() { return map(UnaryOp.SIGMOID); }
    public Tensor tanh() { return map(UnaryOp.TANH); }
    public Tensor relu() { return map(UnaryOp.RELU); }
    public Tensor softplus() { return map(UnaryOp.SOFTPLUS); }

    /** x if x &gt; 0 else slope*x. */
    public Tensor leakyRelu(double slope) {
        return map(UnaryOp.LEAKY_RELU, slope, 0);
    }

    /** x^p for a scalar exponent. */
    public Tensor pow(double p) {
        return map(UnaryOp.POW, p, 0);
    }

    /** min(max(x, lo), hi). */
    public Tensor clamp(double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        return map(UnaryOp.CLAMP, lo, hi);
    }

    /** 1 where x &gt; threshold else 0. */
    public Tensor gt(double threshold) {
        return map(UnaryOp.GT_SCALAR, threshold, 0);
    }

    public Tensor add(double s) { return map(UnaryOp.AFFINE, 1, s); }
    public Tensor sub(double s) { return map(UnaryOp.AFFINE, 1, -s); }
    public Tensor mul(double s) { return map(UnaryOp.AFFINE, s, 0); }
    public Tensor div(double s) { return map(UnaryOp.AFFINE, 1.0 / s, 0); }

    /** A broadcasting binary op. */
    public Tensor zip(BinaryOp op, Tensor other) {
        String name = op.opName();
        requireSameDevice(name, other);
        int[] shape = Layout.broadcastShapes(name, layout.shape(), other.layout.shape());
        DType dt = DType.promote(dtype(), other.dtype());
        Tensor out = emptyLike(dt, shape);
        backend().binary(op, broadcastTo(shape), other.broadcastTo(shape), out);
        return out;
    }

    public Tensor add(Tensor o) { return zip(BinaryOp.ADD, o); }
    public Tensor sub(Tensor o) { return zip(BinaryOp.SUB, o); }
    public Tensor mul(Tensor o) { return zip(BinaryOp.MUL, o); }
    public Tensor div(Tensor o) { return zip(BinaryOp.DIV, o); }
    public Tensor pow(Tensor o) { return zip(BinaryOp.POW, o); }
    public Tensor maximum(Tensor o) { return zip(BinaryOp.MAX, o); }
    public Tensor minimum(Tensor o) { return zip(BinaryOp.MIN, o); }
    public Tensor eq(Tensor o) { return zip(BinaryOp.EQ, o); }
    public Tensor ne(Tensor o) { return zip(BinaryOp.NE, o); }
    public Tensor gt(Tensor o) { return zip(BinaryOp.GT, o); }
    public Tensor ge(Tensor o) { return zip(BinaryOp.GE, o); }
    public Tensor lt(Tensor o) { return zip(BinaryOp.LT, o); }
    public Tensor le(Tensor o) { return zip(BinaryOp.LE, o); }

    /** {@code cond != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        a.requireSameDevice("where", b);
        a.requireSameDevice("where", cond);
        int[] shape = Layout.broadcastShapes("where", cond.layout.shape(), a.layout.shape(), b.layout.shape());
        Tensor out = a.emptyLike(DType.promote(a.dtype(), b.dtype()), shape);
        a.backend().where(cond.broadcastTo(shape), a.broadcastTo(shape), b.broadcastTo(shape), out);
        return out;
    }

    void requireSameDevice(String op, Tensor other) {
        if (!device().equals(other.device())) {
            throw new IllegalArgumentException(op + ": tensors on different devices (" + device() + " and "
                    + other.device() + "); move one with to(device)");
        }
    }

    // =================================================================== reductions

    private static int[] keptShape(int[] shape, int[] dims) {
        int[] s = shape.clone();
        for (int d : dims) {
            s[d] = 1;
        }
        return s;
    }

    private static int[] droppedShape(int[] shape, int[] dims) {
        int[] s = new int[shape.length - dims.length];
        int k = 0;
        int j = 0;
        for (int d = 0; d < shape.length; d++) {
            if (j < dims.length && dims[j] == d) {
                j++;
            } else {
                s[k++] = shape[d];
            }
        }
        return s;
    }

    /** Reduces over dimensions (none given: all); keepDim keeps them with size 1. */
    public Tensor reduce(ReduceOp op, int[] dims, boolean keepDim) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        int[] ds = Layout.dims(name, rank(), dims);
        if (op != ReduceOp.SUM) {
            for (int d : ds) {
                if (size(d) == 0) {
                    throw new IllegalArgumentException(name + ": cannot reduce empty dimension " + d + " of shape "
                            + shapeString());
                }
            }
        }
        int[] kept = keptShape(layout.shape(), ds);
        Tensor out = emptyLike(dtype(), kept);
        backend().reduce(op, this, ds, out);
        return keepDim ? out : out.view(droppedShape(layout.shape(), ds));
    }

    /** Sum of all elements (rank 0). */
    public Tensor sum() { return reduce(ReduceOp.SUM, null, false); }
    public Tensor sum(int[] dims, boolean keepDim) { return reduce(ReduceOp.SUM, dims, keepDim); }
    public Tensor sum(int dim) { return reduce(ReduceOp.SUM, new int[] {dim}, false); }
    public Tensor sum(int dim, boolean keepDim) { return reduce(ReduceOp.SUM, new int[] {dim}, keepDim); }
    public Tensor max() { return reduce(ReduceOp.MAX, null, false); }
    public Tensor max(int[] dims, boolean keepDim) { return reduce(ReduceOp.MAX, dims, keepDim); }
    public Tensor max(int dim, boolean keepDim) { return reduce(ReduceOp.MAX, new int[] {dim}, keepDim); }
    public Tensor min() { return reduce(ReduceOp.MIN, null, false); }
    public Tensor min(int[] dims, boolean keepDim) { return reduce(ReduceOp.MIN, dims, keepDim); }
    public Tensor min(int dim, boolean keepDim) { return reduce(ReduceOp.MIN, new int[] {dim}, keepDim); }

    /** Number of elements folded into each output of a reduction over {@code dims}. */
    public int reducedCount(int[] dims) {
        int n = 1;
        for (int d : Layout.dims("reduce", rank(), dims)) {
            n *= size(d);
        }
        return n;
    }

    /** Mean over dimensions (none given: all). */
    public Tensor mean(int[] dims, boolean keepDim) {
        return sum(dims, keepDim).mul(1.0 / reducedCount(dims));
    }

    public Tensor mean() { return mean(null, false); }
    public Tensor mean(int dim, boolean keepDim) { return mean(new int[] {dim}, keepDim); }

    /**
     * Variance over dimensions with a degrees-of-freedom correction (0: population variance, as batch
     * normalisation uses; 1: the unbiased sample variance).
     */
    public Tensor variance(int[] dims, boolean keepDim, int correction) {
        Tensor centred = sub(mean(dims, true));
        int n = reducedCount(dims);
        return centred.square().sum(dims, keepDim).mul(1.0 / Math.max(n - correction, 0));
    }

    /** Index of the maximum along a dimension (first on ties), stored as exact integers. */
    public Tensor argmax(int dim, boolean keepDim) {
        return argReduce(ReduceOp.MAX, dim, keepDim);
    }

    /** Index of the minimum along a dimension (first on ties). */
    public Tensor argmin(int dim, boolean keepDim) {
        return argReduce(ReduceOp.MIN, dim, keepDim);
    }

    private Tensor argReduce(ReduceOp op, int dim, boolean keepDim) {
        String name = op == ReduceOp.MAX ? "argmax" : "argmin";
        int d = Layout.dim(name, dim, rank());
        if (size(d) == 0) {
            throw new IllegalArgumentException(name + ": empty dimension " + d + " of shape " + shapeString());
        }
        int[] ds = {d};
        Tensor out = emptyLike(dtype(), keptShape(layout.shape(), ds));
        backend().argReduce(op, this, d, out);
        return keepDim ? out : out.view(droppedShape(layout.shape(), ds));
    }

    /** Stable softmax along a dimension: exp(x - max) / sum(exp(x - max)). */
    public Tensor softmax(int dim) {
        Tensor e = sub(max(dim, true)).exp();
        return e.div(e.sum(dim, true));
    }

    /** Stable log-softmax along a dimension: (x - max) - log(sum(exp(x - max))). */
    public Tensor logSoftmax(int dim) {
        Tensor shifted = sub(max(dim, true));
        return shifted.sub(shifted.exp().sum(dim, true).log());
    }

    // =================================================================== matmul

    /**
     * Matrix product with NumPy semantics: {@code [..., M, K] @ [..., K, N] -> [..., M, N]} with
     * broadcast batch dimensions; a 1-D left operand is a row vector and a 1-D right operand a column
     * vector (the added dimension is removed from the result).
     */
    public Tensor matmul(Tensor other) {
        requireSameDevice("matmul", other);
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul: " + shapeString() + " @ " + other.shapeString()
                    + ": both operands need at least one dimension");
        }
        Tensor a = rank() == 1 ? unsqueeze(0) : this;
        Tensor b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int m = a.size(-2);
        int k = a.size(-1);
        int k2 = b.size(-2);
        int n = b.size(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: " + shapeString() + " @ " + other.shapeString()
                    + ": inner dimensions " + k + " and " + k2 + " differ");
        }
        int[] ab = Arrays.copyOf(a.layout.shape(), a.rank() - 2);
        int[] bb = Arrays.copyOf(b.layout.shape(), b.rank() - 2);
        int[] batch = Layout.broadcastShapes("matmul", ab, bb);
        int[] as = concat(batch, m, k);
        int[] bs = concat(batch, k, n);
        int[] os = concat(batch, m, n);
        Tensor out = emptyLike(DType.promote(dtype(), other.dtype()), os);
        backend().matmul(a.expand(as), b.expand(bs), out);
        if (rank() == 1) {
            out = out.squeeze(-2);
        }
        if (other.rank() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    // =================================================================== joining and indexing

    /** Joins tensors along an existing dimension; all other sizes must match. */
    public static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = parts[0];
        int d = Layout.dim("concat", dim, first.rank());
        int total = 0;
        DType dt = first.dtype();
        for (Tensor p : parts) {
            first.requireSameDevice("concat", p);
            if (p.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + first.shapeString() + " and " + p.shapeString()
                        + " differ in rank");
            }
            for (int i = 0; i < p.rank(); i++) {
                if (i != d && p.size(i) != first.size(i)) {
                    throw new IllegalArgumentException("concat: shapes " + first.shapeString() + " and "
                            + p.shapeString() + " differ in dimension " + i + " (concatenating along " + d + ")");
                }
            }
            total += p.size(d);
            dt = DType.promote(dt, p.dtype());
        }
        int[] shape = first.shape();
        shape[d] = total;
        Tensor out = first.emptyLike(dt, shape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.size(d);
            if (len > 0) {
                out.backend().copy(p, out.narrow(d, at, len));
            }
            at += len;
        }
        return out;
    }

    /** Joins equally shaped tensors along a new dimension. */
    public static Tensor stack(int dim, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int d = Layout.dim("stack", dim, parts[0].rank() + 1);
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].layout.shape(), parts[0].layout.shape())) {
                throw new IllegalArgumentException("stack: shapes " + parts[0].shapeString() + " and "
                        + parts[i].shapeString() + " differ");
            }
            u[i] = parts[i].unsqueeze(d);
        }
        return concat(d, u);
    }

    /**
     * Picks values along a dimension by index: for {@code dim = 1},
     * {@code out[i][j][k] = x[i][index[i][j][k]][k]}. {@code index} has x's rank and sizes no larger than
     * x's outside {@code dim}; the result has index's shape.
     */
    public Tensor gather(int dim, Tensor index) {
        requireSameDevice("gather", index);
        int d = Layout.dim("gather", dim, rank());
        checkIndexShape("gather", d, index);
        Tensor out = emptyLike(dtype(), index.layout.shape());
        backend().gather(this, d, index, out);
        return out;
    }

    /**
     * The adjoint of gather: a copy of this tensor with {@code src} values added at the indexed
     * positions ({@code out[i][index[i][j][k]][k] += src[i][j][k]} for {@code dim = 1}).
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        requireSameDevice("scatterAdd", index);
        requireSameDevice("scatterAdd", src);
        int d = Layout.dim("scatterAdd", dim, rank());
        checkIndexShape("scatterAdd", d, index);
        if (!Arrays.equals(index.layout.shape(), src.layout.shape())) {
            throw new IllegalArgumentException("scatterAdd: index " + index.shapeString() + " and source "
                    + src.shapeString() + " shapes differ");
        }
        Tensor out = copy();
        backend().scatterAdd(out, d, index, src);
        return out;
    }

    private void checkIndexShape(String op, int d, Tensor index) {
        if (index.rank() != rank()) {
            throw new IllegalArgumentException(op + ": index " + index.shapeString() + " and input " + shapeString()
                    + " differ in rank");
        }
        for (int i = 0; i < rank(); i++) {
            if (i != d && index.size(i) > size(i)) {
                throw new IllegalArgumentException(op + ": index " + index.shapeString() + " is larger than input "
                        + shapeString() + " in dimension " + i);
            }
        }
    }

    /** Rows (or slices along {@code dim}) picked by a 1-D index tensor; the result's dim has index's length. */
    public Tensor indexSelect(int dim, Tensor index) {
        int d = Layout.dim("indexSelect", dim, rank());
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + index.shapeString());
        }
        int[] target = shape();
        target[d] = index.size(0);
        int[] viewShape = new int[rank()];
        Arrays.fill(viewShape, 1);
        viewShape[d] = index.size(0);
        Tensor idx = index.reshape(viewShape).expand(target);
        return gather(d, idx);
    }

    // =================================================================== misc

    /** True when shapes are equal and every pair of elements differs by at most atol + rtol*|other|. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(layout.shape(), other.layout.shape())) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) != Double.isNaN(b[i])) {
                return false;
            }
            if (!Double.isNaN(a[i]) && Math.abs(a[i] - b[i]) > atol + rtol * Math.abs(b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(shapeString()).append(", ").append(dtype().shortName())
                .append(", ").append(device());
        int n = numel();
        if (n <= 64) {
            sb.append(", ").append(Arrays.toString(toDoubleArray()));
        }
        return sb.append(')').toString();
    }
}
