package gradiente.autograd;

import gradiente.autograd.functions.Arithmetic;
import gradiente.autograd.functions.Elementwise;
import gradiente.autograd.functions.Indexing;
import gradiente.autograd.functions.MatMul;
import gradiente.autograd.functions.Reductions;
import gradiente.autograd.functions.Shape;
import gradiente.tensor.Layout;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;
import java.util.Arrays;

/**
 * A node of the computational graph (thesis 2.5): a tensor value plus, when it was computed from
 * variables that require gradients, the {@link Function} that computed it. Leaves created with
 * {@link #parameter} (or {@code requiresGrad = true}) receive their gradient in {@link #grad()} after
 * {@link #backward()}.
 *
 * <p>Every operation here records a graph node unless recording is off ({@link GradMode#noGrad()}).
 * Shapes follow the tensor operations of the same name, including NumPy broadcasting.
 */
public class Variable {
    private final Tensor data;
    private final Function gradFn;
    private final boolean requiresGrad;
    private Tensor grad;
    private boolean retainGrad;
    private String label;

    /** A constant: no gradient is computed for it. */
    public Variable(Tensor data) {
        this(data, false);
    }

    /** A leaf; with {@code requiresGrad} its gradient is accumulated by backward. */
    public Variable(Tensor data, boolean requiresGrad) {
        this.data = data;
        this.gradFn = null;
        this.requiresGrad = requiresGrad;
    }

    /** A non-leaf computed by {@code gradFn}. */
    Variable(Tensor data, Function gradFn) {
        this.data = data;
        this.gradFn = gradFn;
        this.requiresGrad = true;
    }

    /** A leaf that requires a gradient (a trainable parameter or an input of interest). */
    public static Variable parameter(Tensor data) {
        return new Variable(data, true);
    }

    // ------------------------------------------------------------------ state

    public Tensor data() {
        return data;
    }

    /** The accumulated gradient (null before any backward reached this variable). */
    public Tensor grad() {
        return grad;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Replaces the accumulated gradient (used by optimisers' gradient clipping and tests). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape(), data.shape())) {
            throw new IllegalArgumentException("setGrad: gradient " + g.shapeString() + " for variable " + data.shapeString());
        }
        grad = g;
    }

    void accumulateGrad(Tensor g) {
        grad = grad == null ? g.copy() : grad.add(g);
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for variables not computed by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The function that computed this variable, or null for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /** Keep this non-leaf's gradient in {@link #grad()} after backward (leaves always keep theirs). */
    public Variable retainGrad() {
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    /** A name shown by graph export ({@code x}, {@code u}, ...). */
    public Variable named(String name) {
        this.label = name;
        return this;
    }

    public String label() {
        return label;
    }

    /** The same value cut from the graph (a constant). */
    public Variable detach() {
        return new Variable(data);
    }

    public int[] shape() {
        return data.shape();
    }

    public int size(int d) {
        return data.size(d);
    }

    public int rank() {
        return data.rank();
    }

    /** The value of a one-element variable. */
    public double item() {
        return data.item();
    }

    // ------------------------------------------------------------------ backward

    /** Backpropagates from this scalar (df/df = 1), freeing the graph. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** Backpropagates with an explicit upstream gradient and graph options. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph, createGraph);
    }

    // ------------------------------------------------------------------ arithmetic

    public Variable add(Variable o) { return new Arithmetic.Add().apply(this, o); }
    public Variable sub(Variable o) { return new Arithmetic.Sub().apply(this, o); }
    public Variable mul(Variable o) { return new Arithmetic.Mul().apply(this, o); }
    public Variable div(Variable o) { return new Arithmetic.Div().apply(this, o); }
    public Variable pow(Variable o) { return new Arithmetic.Pow().apply(this, o); }
    public Variable add(double s) { return new Arithmetic.Affine(1, s).apply(this); }
    public Variable sub(double s) { return new Arithmetic.Affine(1, -s).apply(this); }
    public Variable mul(double s) { return new Arithmetic.Affine(s, 0).apply(this); }
    public Variable div(double s) { return new Arithmetic.Affine(1.0 / s, 0).apply(this); }
    public Variable neg() { return new Arithmetic.Neg().apply(this); }
    public Variable maximum(Variable o) { return new Arithmetic.Maximum(true).apply(this, o); }
    public Variable minimum(Variable o) { return new Arithmetic.Maximum(false).apply(this, o); }

    /** {@code cond != 0 ? a : b} with a constant condition, broadcasting all three. */
    public static Variable where(Tensor cond, Variable a, Variable b) {
        return new Arithmetic.Where(cond).apply(a, b);
    }

    // ------------------------------------------------------------------ element-wise maps

    public Variable exp() { return new Elementwise.Exp().applyKeepingOutput(this); }
    public Variable log() { return new Elementwise.Log().apply(this); }
    public Variable sqrt() { return new Elementwise.Sqrt().applyKeepingOutput(this); }
    public Variable sigmoid() { return new Elementwise.Sigmoid().applyKeepingOutput(this); }
    public Variable tanh() { return new Elementwise.Tanh().applyKeepingOutput(this); }
    public Variable square() { return new Elementwise.Square().apply(this); }
    public Variable pow(double p) { return new Elementwise.PowScalar(p).apply(this); }
    public Variable softplus() { return new Elementwise.Softplus().apply(this); }
    public Variable relu() { return new Elementwise.Piecewise(UnaryOp.RELU, 0, 0).apply(this); }
    public Variable abs() { return new Elementwise.Piecewise(UnaryOp.ABS, 0, 0).apply(this); }

    /** x if x &gt; 0 else slope*x. */
    public Variable leakyRelu(double slope) {
        return new Elementwise.Piecewise(UnaryOp.LEAKY_RELU, slope, 0).apply(this);
    }

    /** min(max(x, lo), hi); the gradient is 1 inside [lo, hi] and 0 outside. */
    public Variable clamp(double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        return new Elementwise.Piecewise(UnaryOp.CLAMP, lo, hi).apply(this);
    }

    /** 1 / x. */
    public Variable reciprocal() {
        return pow(-1.0);
    }

    // ------------------------------------------------------------------ reductions

    public Variable sum() { return new Reductions.Sum(null, false).apply(this); }
    public Variable sum(int[] dims, boolean keepDim) { return new Reductions.Sum(dims, keepDim).apply(this); }
    public Variable sum(int dim, boolean keepDim) { return sum(new int[] {dim}, keepDim); }

    public Variable mean() { return sum().mul(1.0 / data.numel()); }
    public Variable mean(int[] dims, boolean keepDim) { return sum(dims, keepDim).mul(1.0 / data.reducedCount(dims)); }
    public Variable mean(int dim, boolean keepDim) { return mean(new int[] {dim}, keepDim); }

    public Variable max() { return new Reductions.Extreme(ReduceOp.MAX, null, false).apply(this); }
    public Variable max(int[] dims, boolean keepDim) { return new Reductions.Extreme(ReduceOp.MAX, dims, keepDim).apply(this); }
    public Variable max(int dim, boolean keepDim) { return max(new int[] {dim}, keepDim); }
    public Variable min() { return new Reductions.Extreme(ReduceOp.MIN, null, false).apply(this); }
    public Variable min(int[] dims, boolean keepDim) { return new Reductions.Extreme(ReduceOp.MIN, dims, keepDim).apply(this); }
    public Variable min(int dim, boolean keepDim) { return min(new int[] {dim}, keepDim); }

    /** Variance with a degrees-of-freedom correction (0: population, 1: unbiased). */
    public Variable variance(int[] dims, boolean keepDim, int correction) {
        Variable centred = sub(mean(dims, true));
        int n = data.reducedCount(dims);
        return centred.square().sum(dims, keepDim).mul(1.0 / Math.max(n - correction, 0));
    }

    /** Stable softmax along a dimension: exp(x - max) / sum exp(x - max) (the max is a constant shift). */
    public Variable softmax(int dim) {
        Variable e = sub(new Variable(data.max(dim, true))).exp();
        return e.div(e.sum(dim, true));
    }

    /** Stable log-softmax: (x - max) - log sum exp(x - max). */
    public Variable logSoftmax(int dim) {
        Variable shifted = sub(new Variable(data.max(dim, true)));
        return shifted.sub(shifted.exp().sum(dim, true).log());
    }

    // ------------------------------------------------------------------ shape

    public Variable reshape(int... shape) {
        return Arrays.equals(shape, data.shape()) ? this : new Shape.Reshape(shape).apply(this);
    }

    public Variable view(int... shape) {
        data.view(shape); // fails early when no view exists
        return reshape(shape);
    }

    public Variable flatten(int start, int end) {
        int[] s = data.flatten(start, end).shape();
        return reshape(s);
    }

    public Variable flatten() {
        return reshape(-1);
    }

    public Variable permute(int... order) { return new Shape.Permute(order).apply(this); }

    public Variable transpose(int a, int b) {
        int r = data.rank();
        int[] order = new int[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        int da = Layout.dim("transpose", a, r);
        int db = Layout.dim("transpose", b, r);
        order[da] = db;
        order[db] = da;
        return permute(order);
    }

    public Variable t() {
        if (data.rank() != 2) {
            throw new IllegalArgumentException("t: expects a matrix, got shape " + data.shapeString());
        }
        return transpose(0, 1);
    }

    public Variable expand(int... shape) {
        return Arrays.equals(shape, data.shape()) ? this : new Shape.Expand(shape).apply(this);
    }

    /** Sums down to a shape this variable's shape was broadcast from (the adjoint of expand). */
    public Variable sumToShape(int... shape) {
        return Arrays.equals(shape, data.shape()) ? this : new Shape.SumToShape(shape).apply(this);
    }

    public Variable slice(int dim, int start, int end, int step) { return new Shape.Slice(dim, start, end, step).apply(this); }
    public Variable narrow(int dim, int start, int length) { return slice(dim, start, start + length, 1); }

    /** Fixes one dimension at an index and drops it. */
    public Variable select(int dim, int index) {
        int d = Layout.dim("select", dim, data.rank());
        int i = index < 0 ? index + data.size(d) : index;
        return narrow(d, i, 1).squeeze(d);
    }

    public Variable unsqueeze(int dim) { return reshape(data.unsqueeze(dim).shape()); }
    public Variable squeeze(int dim) { return reshape(data.squeeze(dim).shape()); }
    public Variable squeeze() { return reshape(data.squeeze().shape()); }
    public Variable flip(int... dims) { return new Shape.Flip(dims).apply(this); }

    public static Variable concat(int dim, Variable... parts) { return new Shape.Concat(dim).apply(parts); }

    public static Variable stack(int dim, Variable... parts) {
        Variable[] u = new Variable[parts.length];
        int d = Layout.dim("stack", dim, parts[0].rank() + 1);
        for (int i = 0; i < parts.length; i++) {
            u[i] = parts[i].unsqueeze(d);
        }
        return concat(d, u);
    }

    // ------------------------------------------------------------------ matmul and indexing

    /** Matrix product with the semantics of {@link Tensor#matmul} (1-D operands, broadcast batches). */
    public Variable matmul(Variable other) {
        if (data.rank() == 0 || other.rank() == 0) {
            data.matmul(other.data); // throws with the op's message
        }
        Variable a = data.rank() == 1 ? unsqueeze(0) : this;
        Variable b = other.rank() == 1 ? other.unsqueeze(1) : other;
        Variable out = new MatMul().apply(a, b);
        if (data.rank() == 1) {
            out = out.squeeze(-2);
        }
        if (other.rank() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    public Variable gather(int dim, Tensor index) { return new Indexing.Gather(dim, index).apply(this); }

    /** A copy with {@code src} added at the indexed positions along dim. */
    public Variable scatterAdd(int dim, Tensor index, Variable src) { return new Indexing.ScatterAdd(dim, index).apply(this, src); }

    /** Slices along dim picked by a 1-D index tensor. */
    public Variable indexSelect(int dim, Tensor index) {
        int d = Layout.dim("indexSelect", dim, data.rank());
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + index.shapeString());
        }
        int[] target = data.shape();
        target[d] = index.size(0);
        int[] viewShape = new int[data.rank()];
        Arrays.fill(viewShape, 1);
        viewShape[d] = index.size(0);
        return gather(d, index.reshape(viewShape).expand(target));
    }

    @Override
    public String toString() {
        return "Variable(" + (label != null ? label + ", " : "") + (gradFn != null ? gradFn.name() + ", " : "")
                + data + ")";
    }
}
