package gradiente.tensor.cpu;

import gradiente.tensor.BinaryOp;
import gradiente.tensor.DType;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Layout;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;

/**
 * The fast element-wise, fill, copy and reduction kernels of {@link CpuBackend}: layouts are walked as
 * runs ({@link StridedRuns}) on all cores, float32 runs use the SIMD loops of {@link SimdF32}, float64
 * runs call the scalar definitions directly on the arrays. Every method returns {@code false} for the
 * cases it leaves to the reference loops (mixed dtypes, overlapping copies, reductions whose reduced
 * dimensions are not one unit-stride run).
 */
final class FastElementwise {
    private FastElementwise() {
    }

    private static boolean sameDtype(Tensor... ts) {
        for (Tensor t : ts) {
            if (t.dtype() != ts[0].dtype() || !(t.storage() instanceof HeapStorage)) {
                return false;
            }
        }
        return true;
    }

    static boolean fill(Tensor dst, double value) {
        if (!sameDtype(dst)) {
            return false;
        }
        HeapStorage d = (HeapStorage) dst.storage();
        boolean f32 = dst.dtype() == DType.FLOAT32;
        StridedRuns.forEach(new Layout[] {dst.layout()}, 1, (pos, st, n) -> {
            if (f32) {
                float v = (float) value;
                float[] o = d.f32();
                for (int i = 0; i < n; i++) {
                    o[pos[0] + i * st[0]] = v;
                }
            } else {
                double[] o = d.f64();
                for (int i = 0; i < n; i++) {
                    o[pos[0] + i * st[0]] = value;
                }
            }
        });
        return true;
    }

    static boolean copy(Tensor src, Tensor dst) {
        if (!sameDtype(src, dst) || src.storage() == dst.storage()) {
            return false;
        }
        HeapStorage s = (HeapStorage) src.storage();
        HeapStorage d = (HeapStorage) dst.storage();
        boolean f32 = dst.dtype() == DType.FLOAT32;
        StridedRuns.forEach(new Layout[] {dst.layout(), src.layout()}, 1, (pos, st, n) -> {
            Object from = f32 ? s.f32() : s.f64();
            Object to = f32 ? d.f32() : d.f64();
            if (st[0] == 1 && st[1] == 1) {
                System.arraycopy(from, pos[1], to, pos[0], n);
            } else if (f32) {
                float[] x = s.f32();
                float[] o = d.f32();
                for (int i = 0; i < n; i++) {
                    o[pos[0] + i * st[0]] = x[pos[1] + i * st[1]];
                }
            } else {
                double[] x = s.f64();
                double[] o = d.f64();
                for (int i = 0; i < n; i++) {
                    o[pos[0] + i * st[0]] = x[pos[1] + i * st[1]];
                }
            }
        });
        return true;
    }

    static boolean unary(UnaryOp op, double p, double q, Tensor x, Tensor out) {
        if (!sameDtype(x, out)) {
            return false;
        }
        HeapStorage xs = (HeapStorage) x.storage();
        HeapStorage os = (HeapStorage) out.storage();
        long work = SimdF32.vectorizes(op) ? 1 : 16;
        StridedRuns.forEach(new Layout[] {out.layout(), x.layout()}, work, (pos, st, n) -> {
            if (out.dtype() == DType.FLOAT32) {
                SimdF32.unary(op, (float) p, (float) q, xs.f32(), pos[1], st[1], os.f32(), pos[0], st[0], n);
            } else {
                double[] xa = xs.f64();
                double[] o = os.f64();
                for (int i = 0; i < n; i++) {
                    o[pos[0] + i * st[0]] = op.apply(xa[pos[1] + i * st[1]], p, q);
                }
            }
        });
        return true;
    }

    static boolean binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!sameDtype(a, b, out)) {
            return false;
        }
        HeapStorage as = (HeapStorage) a.storage();
        HeapStorage bs = (HeapStorage) b.storage();
        HeapStorage os = (HeapStorage) out.storage();
        long work = op == BinaryOp.POW ? 16 : 1;
        StridedRuns.forEach(new Layout[] {out.layout(), a.layout(), b.layout()}, work, (pos, st, n) -> {
            if (out.dtype() == DType.FLOAT32) {
                SimdF32.binary(op, as.f32(), pos[1], st[1], bs.f32(), pos[2], st[2], os.f32(), pos[0], st[0], n);
            } else {
                double[] x = as.f64();
                double[] y = bs.f64();
                double[] o = os.f64();
                for (int i = 0; i < n; i++) {
                    o[pos[0] + i * st[0]] = op.apply(x[pos[1] + i * st[1]], y[pos[2] + i * st[2]]);
                }
            }
        });
        return true;
    }

    /**
     * Reductions whose reduced dimensions form one unit-stride run per output (for example a sum over
     * the last dimension, or over everything of a contiguous tensor); outputs are spread over the cores.
     * Sums accumulate in double like the reference; MAX and MIN fold with {@link ReduceOp#combine}.
     */
    /**
     * Reductions whose reduced sub-layout ends in unit-stride runs (after coalescing), for instance a
     * row sum, or the bias gradient of a convolution (sum of {@code [N, C, H, W]} over {@code N, H, W}:
     * runs of {@code H*W}). Each output folds its runs in order, SIMD within a run; outputs are spread
     * over the pool.
     */
    static boolean reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        if (!sameDtype(x, out)) {
            return false;
        }
        Layout[] split = ReferenceBackend.splitForReduce(x.layout(), dims);
        Layout inner = Layout.coalesce(split[1])[0];
        int r = inner.rank();
        if (r >= 1 && inner.stride(r - 1) != 1) {
            return false;
        }
        int run = r == 0 ? 1 : inner.size(r - 1);
        Layout prefix = r <= 1 ? null
                : new Layout(java.util.Arrays.copyOf(inner.shape(), r - 1), java.util.Arrays.copyOf(inner.strides(), r - 1), 0);
        int runs = prefix == null ? 1 : prefix.numel();
        HeapStorage xs = (HeapStorage) x.storage();
        HeapStorage os = (HeapStorage) out.storage();
        int n = split[1].numel();
        boolean f32 = x.dtype() == DType.FLOAT32;
        CpuThreads.forRange(out.numel(), Math.max(1, n), (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int base = split[0].positionOfFlat(o);
                double acc = op.identity();
                for (int q = 0; q < runs; q++) {
                    int p = prefix == null ? base : base + prefix.positionOfFlat(q);
                    if (op == ReduceOp.SUM && f32) {
                        acc += SimdF32.sum(xs.f32(), p, run);
                    } else if (f32) {
                        acc = fold(op, acc, xs.f32(), p, run);
                    } else {
                        acc = fold(op, acc, xs.f64(), p, run);
                    }
                }
                os.set(out.layout().positionOfFlat(o), acc);
            }
        });
        return true;
    }

    private static double fold(ReduceOp op, double acc, float[] x, int base, int n) {
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[base + i]);
        }
        return acc;
    }

    private static double fold(ReduceOp op, double acc, double[] x, int base, int n) {
        for (int i = 0; i < n; i++) {
            acc = op.combine(acc, x[base + i]);
        }
        return acc;
    }
}
