package gradiente.cuda;

import gradiente.tensor.Backend;
import gradiente.tensor.BinaryOp;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Layout;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The op suite that compares a backend under test (the GPU) with a reference backend (the CPU's
 * scalar reference) on identical inputs: every {@link Backend} kernel, both dtypes, contiguous,
 * permuted, flipped, sliced and broadcast (stride 0) operands. Shared by {@code CudaConformanceTest}
 * (JUnit) and {@link GpuSmoke} (a person with a GPU), so both run the same checks.
 *
 * <p>Error measure: {@code max_i |test_i - ref_i| / (1 + |ref_i|)}. Tolerances: float32 element-wise
 * 1e-5 (1e-4 for transcendental maps), float32 sums, products and convolutions 1e-4 times
 * {@code sqrt(terms)} (different summation orders), float64 1e-10; comparisons and arg indices exact.
 */
public final class Conformance {
    /** One named comparison; {@code error} runs it and returns the error measure. */
    public record Check(String name, double tolerance, java.util.function.DoubleSupplier error) {
    }

    private final Backend test;
    private final Backend ref;
    private final Random random;

    public Conformance(Backend test, Backend ref, long seed) {
        this.test = test;
        this.ref = ref;
        this.random = new Random(seed);
    }

    /** The same data on both backends, seen through the same layout. */
    private record Pair(Tensor t, Tensor r) {
        Pair view(UnaryOperator<Layout> f) {
            return new Pair(new Tensor(t.storage(), f.apply(t.layout())), new Tensor(r.storage(), f.apply(r.layout())));
        }
    }

    private Pair data(DType dt, double[] values, int... shape) {
        Layout l = Layout.contiguous(shape);
        if (dt == DType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return new Pair(new Tensor(test.upload(f), l), new Tensor(ref.upload(f), l));
        }
        return new Pair(new Tensor(test.upload(values), l), new Tensor(ref.upload(values), l));
    }

    private Pair randn(DType dt, int... shape) {
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return data(dt, v, shape);
    }

    private Pair positive(DType dt, int... shape) {
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1 + 3 * random.nextDouble();
        }
        return data(dt, v, shape);
    }

    /** Small integers, so that comparisons and ties are exercised. */
    private Pair integers(DType dt, int bound, int... shape) {
        double[] v = new double[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(bound);
        }
        return data(dt, v, shape);
    }

    private Pair zeros(DType dt, int... shape) {
        Layout l = Layout.contiguous(shape);
        return new Pair(new Tensor(test.allocate(dt, l.numel()), l), new Tensor(ref.allocate(dt, l.numel()), l));
    }

    /** The error measure over a pair's current contents, downloaded through each side's backend. */
    private double error(Pair p) {
        double[] a = new double[p.t().numel()];
        double[] b = new double[p.r().numel()];
        test.download(p.t(), a);
        ref.download(p.r(), b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Double.isNaN(a[i]) && Double.isNaN(b[i]) ? 0
                    : Double.isNaN(a[i]) || Double.isNaN(b[i]) ? Double.POSITIVE_INFINITY
                    : a[i] == b[i] ? 0 : Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i]));
            worst = Math.max(worst, e);
        }
        return worst;
    }

    private static double tol(DType dt, double f32) {
        return dt == DType.FLOAT32 ? f32 : 1e-10;
    }

    private static double sumTol(DType dt, int terms) {
        return dt == DType.FLOAT32 ? 1e-4 * Math.sqrt(Math.max(terms, 1)) : 1e-10 * Math.sqrt(Math.max(terms, 1));
    }

    /** Every check, in a fixed order. */
    public List<Check> checks() {
        List<Check> c = new ArrayList<>();
        for (DType dt : DType.values()) {
            String s = " " + dt.shortName();
            c.add(new Check("copy permuted+flipped -> sliced" + s, tol(dt, 0), () -> {
                Pair x = randn(dt, 3, 4, 5).view(l -> l.permute(2, 0, 1).flip(1));
                Pair out = zeros(dt, 5, 3, 8).view(l -> l.slice(2, 0, 8, 2));
                test.copy(x.t(), out.t());
                ref.copy(x.r(), out.r());
                return error(out);
            }));
            c.add(new Check("copy converting f32<->f64 from a broadcast view" + s, tol(DType.FLOAT32, 1e-7), () -> {
                Pair x = randn(dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32, 4, 1).view(l -> l.expand(4, 6));
                Pair out = zeros(dt, 4, 6);
                test.copy(x.t(), out.t());
                ref.copy(x.r(), out.r());
                return error(out);
            }));
            c.add(new Check("copy between overlapping views of one storage" + s, tol(dt, 0), () -> {
                Pair x = randn(dt, 10);
                Pair src = x.view(l -> l.narrow(0, 0, 8));
                Pair dst = x.view(l -> l.narrow(0, 2, 8));
                test.copy(src.t(), dst.t());
                ref.copy(src.r(), dst.r());
                return error(x);
            }));
            c.add(new Check("fill strided view" + s, 0, () -> {
                Pair out = randn(dt, 6, 7);
                Pair v = out.view(l -> l.slice(1, 1, 7, 3).transpose(0, 1));
                test.fill(v.t(), 2.5);
                ref.fill(v.r(), 2.5);
                return error(out);
            }));
            for (UnaryOp op : UnaryOp.values()) {
                boolean domain = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW;
                double p = op == UnaryOp.CLAMP ? -0.5 : op == UnaryOp.POW ? 1.7 : 0.2;
                double q = op == UnaryOp.CLAMP ? 0.7 : 0.3;
                c.add(new Check("unary " + op + " on a transposed view" + s, tol(dt, 1e-5), () -> {
                    Pair x = (domain ? positive(dt, 33, 17) : randn(dt, 33, 17)).view(l -> l.transpose(0, 1));
                    Pair out = zeros(dt, 17, 33);
                    test.unary(op, p, q, x.t(), out.t());
                    ref.unary(op, p, q, x.r(), out.r());
                    return error(out);
                }));
            }
            for (BinaryOp op : BinaryOp.values()) {
                boolean pow = op == BinaryOp.POW;
                c.add(new Check("binary " + op + " broadcasting [5,1,7] with [6,1]" + s, tol(dt, 1e-5), () -> {
                    Pair a = (pow ? positive(dt, 5, 1, 7) : integers(dt, 4, 5, 1, 7)).view(l -> l.expand(5, 6, 7));
                    Pair b = (pow ? randn(dt, 6, 1) : integers(dt, 4, 6, 1)).view(l -> l.expand(5, 6, 7));
                    Pair out = zeros(dt, 5, 6, 7);
                    test.binary(op, a.t(), b.t(), out.t());
                    ref.binary(op, a.r(), b.r(), out.r());
                    return error(out);
                }));
            }
            c.add(new Check("binary ADD with a float64 operand into " + dt.shortName() + " (in place)", tol(dt, 1e-6), () -> {
                Pair a = randn(dt, 4, 9);
                Pair b = randn(DType.FLOAT64, 9).view(l -> l.expand(4, 9));
                test.binary(BinaryOp.ADD, a.t(), b.t(), a.t());
                ref.binary(BinaryOp.ADD, a.r(), b.r(), a.r());
                return error(a);
            }));
            c.add(new Check("where with a broadcast condition" + s, 0, () -> {
                Pair cond = integers(dt, 2, 1, 8).view(l -> l.expand(5, 8));
                Pair a = randn(dt, 5, 8);
                Pair b = randn(dt, 8).view(l -> l.expand(5, 8));
                Pair out = zeros(dt, 5, 8);
                test.where(cond.t(), a.t(), b.t(), out.t());
                ref.where(cond.r(), a.r(), b.r(), out.r());
                return error(out);
            }));
            for (ReduceOp op : ReduceOp.values()) {
                c.add(new Check("reduce " + op + " dims [0,2] of a permuted [40,30,20] (block kernel)" + s,
                        op == ReduceOp.SUM ? sumTol(dt, 800) : 0, () -> {
                    Pair x = randn(dt, 30, 20, 40).view(l -> l.permute(2, 0, 1));
                    Pair out = zeros(dt, 1, 30, 1);
                    test.reduce(op, x.t(), new int[] {0, 2}, out.t());
                    ref.reduce(op, x.r(), new int[] {0, 2}, out.r());
                    return error(out);
                }));
                c.add(new Check("reduce " + op + " last dim of [300,10] (thread kernel)" + s,
                        op == ReduceOp.SUM ? sumTol(dt, 10) : 0, () -> {
                    Pair x = randn(dt, 300, 10);
                    Pair out = zeros(dt, 300, 1);
                    test.reduce(op, x.t(), new int[] {1}, out.t());
                    ref.reduce(op, x.r(), new int[] {1}, out.r());
                    return error(out);
                }));
            }
            c.add(new Check("reduce SUM of all 100000 elements" + s, sumTol(dt, 100000), () -> {
                Pair x = randn(dt, 100, 1000);
                Pair out = zeros(dt, 1, 1);
                test.reduce(ReduceOp.SUM, x.t(), new int[] {0, 1}, out.t());
                ref.reduce(ReduceOp.SUM, x.r(), new int[] {0, 1}, out.r());
                return error(out);
            }));
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                c.add(new Check("argReduce " + op + " with ties along dim 1" + s, 0, () -> {
                    Pair x = integers(dt, 5, 7, 9, 4).view(l -> l.transpose(0, 2));
                    Pair out = zeros(dt, 4, 1, 7);
                    test.argReduce(op, x.t(), 1, out.t());
                    ref.argReduce(op, x.r(), 1, out.r());
                    return error(out);
                }));
            }
            int[][] mm = {{1, 1, 1}, {65, 33, 70}, {128, 256, 64}, {3, 300, 5}};
            for (int[] d : mm) {
                c.add(new Check("matmul [" + d[0] + "," + d[1] + "]@[" + d[1] + "," + d[2] + "]" + s, sumTol(dt, d[1]), () -> {
                    Pair a = randn(dt, d[0], d[1]);
                    Pair b = randn(dt, d[1], d[2]);
                    Pair out = zeros(dt, d[0], d[2]);
                    test.matmul(a.t(), b.t(), out.t());
                    ref.matmul(a.r(), b.r(), out.r());
                    return error(out);
                }));
            }
            c.add(new Check("matmul batched, transposed a, broadcast b (stride 0)" + s, sumTol(dt, 20), () -> {
                Pair a = randn(dt, 3, 20, 17).view(l -> l.transpose(1, 2));
                Pair b = randn(dt, 20, 9).view(l -> l.expand(3, 20, 9));
                Pair out = zeros(dt, 3, 17, 9);
                test.matmul(a.t(), b.t(), out.t());
                ref.matmul(a.r(), b.r(), out.r());
                return error(out);
            }));
            c.add(new Check("gather dim 1" + s, 0, () -> {
                Pair x = randn(dt, 4, 10, 3);
                Pair index = integers(dt, 10, 4, 6, 3);
                Pair out = zeros(dt, 4, 6, 3);
                test.gather(x.t(), 1, index.t(), out.t());
                ref.gather(x.r(), 1, index.r(), out.r());
                return error(out);
            }));
            c.add(new Check("scatterAdd dim 0 with repeated indices" + s, tol(dt, 1e-6), () -> {
                Pair out = randn(dt, 5, 4);
                Pair index = integers(dt, 5, 12, 4);
                Pair src = randn(dt, 12, 4);
                test.scatterAdd(out.t(), 0, index.t(), src.t());
                ref.scatterAdd(out.r(), 0, index.r(), src.r());
                return error(out);
            }));
            addConv(c, dt, "k3 s2 'same' as in the thesis discriminator (asymmetric pad: im2col path)", 2, 16, 14, 14, 16, 3, 3,
                    new Conv2dGeometry(2, 2, 0, 1, 0, 1, 1, 1, 1));
            addConv(c, dt, "k4 s2 p1 as in the thesis generator", 2, 32, 14, 14, 24, 4, 4, Conv2dGeometry.of(2, 1));
            addConv(c, dt, "grouped dilated k3 g2 d2 p2", 2, 6, 9, 11, 4, 3, 3, new Conv2dGeometry(1, 1, 2, 2, 2, 2, 2, 2, 2));
            for (PoolMode mode : PoolMode.values()) {
                Pool2dGeometry g = new Pool2dGeometry(3, 2, 2, 2, 1, 1);
                c.add(new Check("pool2d " + mode + " k3x2 s2 p1 and its backward" + s, tol(dt, 1e-5), () -> {
                    Pair x = (mode == PoolMode.MAX || mode == PoolMode.MIN ? integers(dt, 6, 2, 3, 9, 8) : randn(dt, 2, 3, 9, 8));
                    int ho = g.outHeight(9), wo = g.outWidth(8);
                    Pair out = zeros(dt, 2, 3, ho, wo);
                    boolean extreme = mode == PoolMode.MAX || mode == PoolMode.MIN;
                    Pair arg = extreme ? zeros(dt, 2, 3, ho, wo) : null;
                    test.pool2d(mode, x.t(), g, out.t(), arg == null ? null : arg.t());
                    ref.pool2d(mode, x.r(), g, out.r(), arg == null ? null : arg.r());
                    Pair gy = randn(dt, 2, 3, ho, wo);
                    Pair gx = zeros(dt, 2, 3, 9, 8);
                    test.pool2dBackward(mode, gy.t(), arg == null ? null : arg.t(), g, gx.t());
                    ref.pool2dBackward(mode, gy.r(), arg == null ? null : arg.r(), g, gx.r());
                    return Math.max(Math.max(error(out), arg == null ? 0 : error(arg)), error(gx));
                }));
            }
        }
        return c;
    }

    private void addConv(List<Check> c, DType dt, String name, int n, int cin, int h, int w, int o, int kh, int kw,
                         Conv2dGeometry g) {
        int cg = cin / g.groups();
        int ho = g.outHeight(h, kh), wo = g.outWidth(w, kw);
        double t = sumTol(dt, cg * kh * kw * 4);
        c.add(new Check("conv2d " + name + " " + dt.shortName(), t, () -> {
            Pair x = randn(dt, n, cin, h, w);
            Pair wt = randn(dt, o, cg, kh, kw);
            Pair out = zeros(dt, n, o, ho, wo);
            test.conv2d(x.t(), wt.t(), g, out.t());
            ref.conv2d(x.r(), wt.r(), g, out.r());
            return error(out);
        }));
        c.add(new Check("conv2dBackwardInput " + name + " " + dt.shortName(), t, () -> {
            Pair gy = randn(dt, n, o, ho, wo);
            Pair wt = randn(dt, o, cg, kh, kw);
            Pair gx = zeros(dt, n, cin, h, w);
            test.conv2dBackwardInput(gy.t(), wt.t(), g, gx.t());
            ref.conv2dBackwardInput(gy.r(), wt.r(), g, gx.r());
            return error(gx);
        }));
        c.add(new Check("conv2dBackwardWeight " + name + " " + dt.shortName(), sumTol(dt, n * ho * wo * 4), () -> {
            Pair x = randn(dt, n, cin, h, w);
            Pair gy = randn(dt, n, o, ho, wo);
            Pair gw = zeros(dt, o, cg, kh, kw);
            test.conv2dBackwardWeight(x.t(), gy.t(), g, gw.t());
            ref.conv2dBackwardWeight(x.r(), gy.r(), g, gw.r());
            return error(gw);
        }));
    }
}
