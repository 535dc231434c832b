package gradiente.tensor.cpu;

import gradiente.tensor.BinaryOp;
import gradiente.tensor.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 run kernels of the fast element-wise path. Each takes arrays, start positions, strides and a
 * length. Unit-stride runs of the ops whose float32 result is exactly the rounded scalar definition
 * ({@code +,-,*,/}, sqrt, comparisons, max/min, abs, ReLU, ...) use {@link FloatVector} lanes; the
 * others and the tails go through {@link UnaryOp#apply}/{@link BinaryOp#apply} exactly as the reference
 * does, so results are bit-identical to {@link ReferenceBackend}.
 */
final class SimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    /** Float lanes converted to two halves of double lanes in {@link #sum}. */
    private static final VectorSpecies<Float> H = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;

    private SimdF32() {
    }

    /** True when {@link #unaryVector} handles the op. */
    static boolean vectorizes(UnaryOp op) {
        return switch (op) {
            case IDENTITY, NEG, ABS, SQUARE, SQRT, RECIPROCAL, RELU, LEAKY_RELU, CLAMP, GT_SCALAR, IS_NAN -> true;
            default -> false;
        };
    }

    /** True when {@link #binaryVector} handles the op. */
    static boolean vectorizes(BinaryOp op) {
        return op != BinaryOp.POW;
    }

    /** {@code o[po + i*so] = op(x[px + i*sx])} for {@code i < n}. */
    static void unary(UnaryOp op, float p, float q, float[] x, int px, int sx, float[] o, int po, int so, int n) {
        int i = 0;
        if (sx == 1 && so == 1 && vectorizes(op)) {
            i = unaryVector(op, p, q, x, px, o, po, n);
        }
        for (; i < n; i++) {
            o[po + i * so] = (float) op.apply(x[px + i * sx], p, q);
        }
    }

    /** The vector part of a unit-stride unary run; returns how many elements it did. */
    private static int unaryVector(UnaryOp op, float p, float q, float[] x, int px, float[] o, int po, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < bound; i += VL) {
            FloatVector v = FloatVector.fromArray(S, x, px + i);
            FloatVector r = switch (op) {
                case IDENTITY -> v;
                case NEG -> v.neg();
                case ABS -> v.abs();
                case SQUARE -> v.mul(v);
                case SQRT -> v.sqrt();
                case RECIPROCAL -> one.div(v);
                case RELU -> zero.blend(v, v.compare(VectorOperators.GT, 0f));
                case LEAKY_RELU -> v.mul(p).blend(v, v.compare(VectorOperators.GT, 0f));
                case CLAMP -> v.lanewise(VectorOperators.MAX, p).lanewise(VectorOperators.MIN, q);
                case GT_SCALAR -> zero.blend(one, v.compare(VectorOperators.GT, p));
                case IS_NAN -> zero.blend(one, v.test(VectorOperators.IS_NAN));
                default -> throw new AssertionError(op);
            };
            r.intoArray(o, po + i);
        }
        return bound;
    }

    /** {@code o[po + i] = op(a[pa + i*sa], b[pb + i*sb])}; strides 0 (broadcast) or 1 vectorize. */
    static void binary(BinaryOp op, float[] a, int pa, int sa, float[] b, int pb, int sb, float[] o, int po, int so, int n) {
        int i = 0;
        if ((sa == 0 || sa == 1) && (sb == 0 || sb == 1) && so == 1 && vectorizes(op)) {
            i = binaryVector(op, a, pa, sa, b, pb, sb, o, po, n);
        }
        for (; i < n; i++) {
            o[po + i * so] = (float) op.apply(a[pa + i * sa], b[pb + i * sb]);
        }
    }

    private static int binaryVector(BinaryOp op, float[] a, int pa, int sa, float[] b, int pb, int sb, float[] o, int po, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector ca = FloatVector.broadcast(S, a[pa]);
        FloatVector cb = FloatVector.broadcast(S, b[pb]);
        for (int i = 0; i < bound; i += VL) {
            FloatVector va = sa == 0 ? ca : FloatVector.fromArray(S, a, pa + i);
            FloatVector vb = sb == 0 ? cb : FloatVector.fromArray(S, b, pb + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case MAX -> va.lanewise(VectorOperators.MAX, vb);
                case MIN -> va.lanewise(VectorOperators.MIN, vb);
                case EQ -> select(va.compare(VectorOperators.EQ, vb), one, zero);
                case NE -> select(va.compare(VectorOperators.NE, vb), one, zero);
                case GT -> select(va.compare(VectorOperators.GT, vb), one, zero);
                case GE -> select(va.compare(VectorOperators.GE, vb), one, zero);
                case LT -> select(va.compare(VectorOperators.LT, vb), one, zero);
                case LE -> select(va.compare(VectorOperators.LE, vb), one, zero);
                default -> throw new AssertionError(op);
            };
            r.intoArray(o, po + i);
        }
        return bound;
    }

    private static FloatVector select(VectorMask<Float> m, FloatVector yes, FloatVector no) {
        return no.blend(yes, m);
    }

    /** Sum of a unit-stride run, accumulated in float64 lanes (as the reference accumulates in double). */
    static double sum(float[] x, int px, int n) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = acc0;
        int bound = H.loopBound(n);
        int i = 0;
        for (; i < bound; i += H.length()) {
            FloatVector v = FloatVector.fromArray(H, x, px + i);
            acc0 = acc0.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            acc1 = acc1.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            s += x[px + i];
        }
        return s;
    }

    /** {@code sum (x[px + i] - m)^2} over a unit-stride run, in float64 lanes (batch norm's two-pass variance). */
    static double sumSquaredDeviations(float[] x, int px, int n, double m) {
        DoubleVector mean = DoubleVector.broadcast(D, m);
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = acc0;
        int bound = H.loopBound(n);
        int i = 0;
        for (; i < bound; i += H.length()) {
            FloatVector v = FloatVector.fromArray(H, x, px + i);
            DoubleVector d0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(mean);
            DoubleVector d1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).sub(mean);
            acc0 = acc0.add(d0.mul(d0));
            acc1 = acc1.add(d1.mul(d1));
        }
        double s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            double d = x[px + i] - m;
            s += d * d;
        }
        return s;
    }

    /** {@code sum a[p + i] (x[p + i] - m)} over unit-stride runs at the same position, in float64 lanes. */
    static double dotCentered(float[] a, float[] x, int p, int n, double m) {
        DoubleVector mean = DoubleVector.broadcast(D, m);
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = acc0;
        int bound = H.loopBound(n);
        int i = 0;
        for (; i < bound; i += H.length()) {
            FloatVector va = FloatVector.fromArray(H, a, p + i);
            FloatVector vx = FloatVector.fromArray(H, x, p + i);
            DoubleVector a0 = (DoubleVector) va.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a1 = (DoubleVector) va.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector x0 = ((DoubleVector) vx.convertShape(VectorOperators.F2D, D, 0)).sub(mean);
            DoubleVector x1 = ((DoubleVector) vx.convertShape(VectorOperators.F2D, D, 1)).sub(mean);
            acc0 = acc0.add(a0.mul(x0));
            acc1 = acc1.add(a1.mul(x1));
        }
        double s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            s += a[p + i] * (x[p + i] - m);
        }
        return s;
    }

    /** {@code o[p + i] = (x[p + i] - sub) * mul + add} over unit-stride runs (batch norm's output). */
    static void shiftScale(float[] x, float[] o, int p, int n, float sub, float mul, float add) {
        FloatVector vs = FloatVector.broadcast(S, sub);
        FloatVector vm = FloatVector.broadcast(S, mul);
        FloatVector va = FloatVector.broadcast(S, add);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += VL) {
            FloatVector.fromArray(S, x, p + i).sub(vs).mul(vm).add(va).intoArray(o, p + i);
        }
        for (; i < n; i++) {
            o[p + i] = (x[p + i] - sub) * mul + add;
        }
    }

    /** {@code o[p + i] = a dy[p + i] + b (x[p + i] - sub) + c} over unit-stride runs (batch norm's input gradient). */
    static void combine(float[] dy, float[] x, float[] o, int p, int n, float a, float b, float sub, float c) {
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        FloatVector vs = FloatVector.broadcast(S, sub);
        FloatVector vc = FloatVector.broadcast(S, c);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += VL) {
            FloatVector d = FloatVector.fromArray(S, dy, p + i).mul(va);
            FloatVector xc = FloatVector.fromArray(S, x, p + i).sub(vs).mul(vb);
            d.add(xc).add(vc).intoArray(o, p + i);
        }
        for (; i < n; i++) {
            o[p + i] = a * dy[p + i] + b * (x[p + i] - sub) + c;
        }
    }

    /**
     * The lanes of {@code v} added in lane order. {@code reduceLanes(ADD)} leaves the order to the
     * implementation, and the interpreter's and the JIT intrinsic's orders differ, so the same
     * program gave different last bits in a cold and a warm JVM (which broke bit-exact resumption).
     */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** {@link #sumLanes(FloatVector)} for double lanes. */
    static double sumLanes(DoubleVector v) {
        double s = 0.0;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
