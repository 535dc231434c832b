package gradiente.autograd.functions;

import gradiente.autograd.Function;
import gradiente.autograd.Variable;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;

/**
 * Movement ops, each paired with its inverse for backward: reshape with reshape back, permute with
 * the inverse permutation, expand with sum-to-shape (and sum-to-shape with expand), slice with
 * embedding into zeros (and embedding with slice), flip with flip.
 */
public final class Shape {
    private Shape() {
    }

    /** Any reshape or view; backward reshapes the gradient back. */
    public static final class Reshape extends Function {
        private final int[] shape;
        private int[] inputShape;

        public Reshape(int[] shape) {
            this.shape = shape;
        }

        @Override public String name() { return "reshape"; }
        @Override protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return in[0].reshape(shape);
        }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.reshape(inputShape)}; }
    }

    /** Reorders dimensions; backward applies the inverse permutation. */
    public static final class Permute extends Function {
        private final int[] order;

        public Permute(int[] order) {
            this.order = order;
        }

        @Override public String name() { return "permute"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].permute(order); }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {g.permute(Layout.inversePermutation(order))};
        }
    }

    /** Broadcast view; backward sums the gradient back to the input's shape. */
    public static final class Expand extends Function {
        private final int[] shape;
        private int[] inputShape;

        public Expand(int[] shape) {
            this.shape = shape;
        }

        @Override public String name() { return "expand"; }
        @Override protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return in[0].expand(shape);
        }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.sumToShape(inputShape)}; }
    }

    /**
     * Sums a tensor down to a shape it broadcasts from (leading dimensions removed, size-1 dimensions
     * summed with keepdim): the adjoint of broadcasting. Backward expands back.
     */
    public static final class SumToShape extends Function {
        private final int[] target;
        private int[] inputShape;

        public SumToShape(int[] target) {
            this.target = target;
        }

        @Override public String name() { return "sum_to_shape"; }

        @Override protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            inputShape = x.shape();
            int lead = x.rank() - target.length;
            if (lead < 0) {
                throw new IllegalArgumentException("sum_to_shape: " + x.shapeString() + " has fewer dimensions than "
                        + java.util.Arrays.toString(target));
            }
            int[] dims = new int[x.rank()];
            int n = 0;
            for (int d = 0; d < x.rank(); d++) {
                if (d < lead) {
                    dims[n++] = d;
                } else if (target[d - lead] == 1 && x.size(d) != 1) {
                    dims[n++] = d;
                } else if (target[d - lead] != x.size(d)) {
                    throw new IllegalArgumentException("sum_to_shape: " + x.shapeString() + " does not broadcast from "
                            + java.util.Arrays.toString(target));
                }
            }
            Tensor s = n == 0 ? x : x.sum(java.util.Arrays.copyOf(dims, n), true);
            return s.reshape(target);
        }

        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.expand(inputShape)}; }
    }

    /** {@code x[start:end:step]} along one dimension; backward embeds the gradient into zeros. */
    public static final class Slice extends Function {
        private final int dim;
        private final int start;
        private final int end;
        private final int step;
        private int[] inputShape;

        public Slice(int dim, int start, int end, int step) {
            this.dim = dim;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        @Override public String name() { return "slice"; }
        @Override protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return in[0].slice(dim, start, end, step);
        }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {new Embed(inputShape, dim, start, end, step).apply(g)};
        }
    }

    /** Places x into zeros of a larger shape at a slice position: the adjoint of {@link Slice}. */
    public static final class Embed extends Function {
        private final int[] fullShape;
        private final int dim;
        private final int start;
        private final int end;
        private final int step;

        public Embed(int[] fullShape, int dim, int start, int end, int step) {
            this.fullShape = fullShape;
            this.dim = dim;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        @Override public String name() { return "embed"; }
        @Override protected Tensor forward(Tensor... in) {
            Tensor out = in[0].newZeros(fullShape);
            out.slice(dim, start, end, step).copyFrom(in[0]);
            return out;
        }
        @Override protected Variable[] backward(Variable g) {
            return new Variable[] {g.slice(dim, start, end, step)};
        }
    }

    /** Reverses dimensions; backward flips the gradient the same way. */
    public static final class Flip extends Function {
        private final int[] dims;

        public Flip(int[] dims) {
            this.dims = dims;
        }

        @Override public String name() { return "flip"; }
        @Override protected Tensor forward(Tensor... in) { return in[0].flip(dims); }
        @Override protected Variable[] backward(Variable g) { return new Variable[] {g.flip(dims)}; }
    }

    /** Joins inputs along a dimension; backward narrows the gradient back into pieces. */
    public static final class Concat extends Function {
        private final int dim;
        private int[] sizes;

        public Concat(int dim) {
            this.dim = dim;
        }

        @Override public String name() { return "concat"; }
        @Override protected Tensor forward(Tensor... in) {
            Tensor out = Tensor.concat(dim, in);
            int d = Layout.dim("concat", dim, in[0].rank());
            sizes = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                sizes[i] = in[i].size(d);
            }
            return out;
        }
        @Override protected Variable[] backward(Variable g) {
            Variable[] r = new Variable[sizes.length];
            int at = 0;
            for (int i = 0; i < sizes.length; i++) {
                r[i] = needsInputGrad(i) ? g.slice(dim, at, at + sizes[i], 1) : null;
                at += sizes[i];
            }
            return r;
        }
    }
}
