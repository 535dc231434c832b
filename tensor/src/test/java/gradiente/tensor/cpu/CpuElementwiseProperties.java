package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.BinaryOp;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The fast element-wise kernels of {@link CpuBackend} against {@link ReferenceBackend} on random shapes
 * and layouts (permuted, stepped, offset, expanded, flipped), with NaN, infinities and signed zeros
 * sprinkled in. Maps, zips, fills, copies, max and min must agree bit for bit; float32 sums to a few
 * ulps (both accumulate in double, in a different order).
 */
class CpuElementwiseProperties {
    private static final CpuBackend FAST = new CpuBackend();
    private static final ReferenceBackend REF = new ReferenceBackend();
    private static final double[] SPECIAL = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0};

    /** A random-layout tensor with a few special values written into its storage. */
    private static Tensor input(Generator g, DType dtype, int... shape) {
        Tensor t = RandomLayouts.tensor(g, dtype, shape);
        gradiente.tensor.HeapStorage s = (gradiente.tensor.HeapStorage) t.storage();
        for (int i = 0; i < s.length() / 7; i++) {
            s.set(g.nextInt(s.length()), SPECIAL[g.nextInt(SPECIAL.length)]);
        }
        return t;
    }

    private static int[] randomShape(Generator g) {
        return RandomLayouts.shape(g, g.nextInt(5), g.nextInt(3) == 0 ? 40 : 6);
    }

    private static DType dtype(Generator g) {
        return g.nextInt(2) == 0 ? DType.FLOAT32 : DType.FLOAT64;
    }

    @Property(tries = 80)
    void unaryMatchesReferenceExactly(@ForAll long seed) {
        Generator g = new Generator(seed);
        DType dt = dtype(g);
        int[] shape = randomShape(g);
        Tensor x = input(g, dt, shape);
        UnaryOp op = UnaryOp.values()[g.nextInt(UnaryOp.values().length)];
        double p = g.nextGaussian();
        double q = p + Math.abs(g.nextGaussian());
        Tensor fast = Tensor.zeros(dt, shape);
        Tensor ref = Tensor.zeros(dt, shape);
        FAST.unary(op, p, q, x, fast);
        REF.unary(op, p, q, x, ref);
        assertSame(op.name(), fast, ref);
    }

    @Property(tries = 80)
    void broadcastBinaryMatchesReferenceExactly(@ForAll long seed) {
        Generator g = new Generator(seed);
        DType dt = dtype(g);
        int[] shape = randomShape(g);
        Tensor a = input(g, dt, broadcastable(g, shape)).broadcastTo(shape);
        Tensor b = input(g, dt, broadcastable(g, shape)).broadcastTo(shape);
        BinaryOp op = BinaryOp.values()[g.nextInt(BinaryOp.values().length)];
        Tensor fast = Tensor.zeros(dt, shape);
        Tensor ref = Tensor.zeros(dt, shape);
        FAST.binary(op, a, b, fast);
        REF.binary(op, a, b, ref);
        assertSame(op.name(), fast, ref);
    }

    @Property(tries = 80)
    void reductionsOverRandomDimSetsMatchReference(@ForAll long seed) {
        Generator g = new Generator(seed);
        DType dt = dtype(g);
        int[] shape = randomShape(g);
        Tensor x = g.nextInt(3) == 0 ? Tensor.randn(g, dt, shape) : input(g, dt, shape);
        int[] dims = java.util.stream.IntStream.range(0, shape.length).filter(d -> g.nextInt(2) == 0).toArray();
        if (g.nextInt(3) == 0) {
            dims = java.util.stream.IntStream.range(g.nextInt(shape.length + 1), shape.length).toArray();
        }
        ReduceOp op = ReduceOp.values()[g.nextInt(ReduceOp.values().length)];
        int[] outShape = shape.clone();
        for (int d : dims) {
            outShape[d] = 1;
        }
        Tensor fast = Tensor.zeros(dt, outShape);
        Tensor ref = Tensor.zeros(dt, outShape);
        FAST.reduce(op, x, dims, fast);
        REF.reduce(op, x, dims, ref);
        if (op == ReduceOp.SUM && dt == DType.FLOAT32) {
            double tol = 1e-6 * (1 + RandomLayouts.maxAbs(ref));
            CpuMatmulProperties.assertClose(fast, ref, tol);
        } else {
            assertSame(op.name(), fast, ref);
        }
    }

    @Property(tries = 40)
    void fillAndCopyIntoAnyLayout(@ForAll long seed) {
        Generator g = new Generator(seed);
        DType dt = dtype(g);
        int[] shape = randomShape(g);
        Tensor src = input(g, dt, shape);
        Tensor dst = RandomLayouts.tensor(g, dt, shape);
        if (dst.layout().strides().length > 0 && java.util.Arrays.stream(dst.layout().strides()).anyMatch(s -> s == 0)) {
            dst = Tensor.zeros(dt, shape).flip(0);
        }
        FAST.copy(src, dst);
        assertSame("copy", dst, src);
        FAST.fill(dst, -2.5);
        assertThat(dst.toDoubleArray()).containsOnly(-2.5);
    }

    @Test
    void maxAndMinPropagateNanAndKeepTheFirstOfSignedZeros() {
        Tensor x = Tensor.of(new float[] {-0.0f, 0.0f, 3f, Float.NaN, 1f, -0.0f, 0.0f, 2f, 5f, 0f}, 2, 5);
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
            Tensor fast = Tensor.zeros(DType.FLOAT32, 2, 1);
            Tensor ref = Tensor.zeros(DType.FLOAT32, 2, 1);
            FAST.reduce(op, x, new int[] {1}, fast);
            REF.reduce(op, x, new int[] {1}, ref);
            assertSame(op.name(), fast, ref);
            assertThat(fast.get(0, 0)).isNaN();
        }
    }

    /** The shape with some dimensions replaced by 1, and sometimes with leading dimensions dropped. */
    private static int[] broadcastable(Generator g, int[] shape) {
        int drop = shape.length == 0 ? 0 : g.nextInt(shape.length + 1) / 2;
        int[] s = java.util.Arrays.copyOfRange(shape, drop, shape.length);
        for (int d = 0; d < s.length; d++) {
            if (g.nextInt(3) == 0) {
                s[d] = 1;
            }
        }
        return s;
    }

    /** Equal bit patterns after widening to double (so NaN equals NaN and 0.0 differs from -0.0). */
    static void assertSame(String what, Tensor actual, Tensor expected) {
        double[] x = actual.toDoubleArray();
        double[] y = expected.toDoubleArray();
        assertThat(x).hasSize(y.length);
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) {
                throw new AssertionError(what + ": element " + i + " of " + actual.shapeString() + " is " + x[i]
                        + ", the reference gives " + y[i]);
            }
        }
    }
}
