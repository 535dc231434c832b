package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float32 2-D pooling (thesis 2.6.1: maximum, average and minimum pooling) for {@link CpuBackend}:
 * one {@code [h, w]} plane per task on the shared pool, the in-bounds part of each window computed once
 * per output row and column instead of tested per element. Sums of the averages are accumulated in
 * double precision in the same order as {@link ReferenceBackend}, and the gradient planes likewise, so
 * the results are identical to the reference's, including the choice of the first maximum on ties and
 * of a NaN as the extreme.
 */
final class CpuPool {
    private static final ThreadLocal<double[]> PLANE = ThreadLocal.withInitial(() -> new double[0]);
    private static final ThreadLocal<float[]> WINDOWS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> INDICES = ThreadLocal.withInitial(() -> new float[0]);
    private static final VectorSpecies<Float> S = CpuVectors.F32;
    private static final int VL = S.length();


    private CpuPool() {
    }

    private static boolean extreme(PoolMode mode) {
        return mode == PoolMode.MAX || mode == PoolMode.MIN;
    }

    /** Pools {@code x [n, c, h, w]} into {@code out [n, c, ho, wo]}; false when not float32. */
    static boolean pool2d(PoolMode mode, Tensor x, Pool2dGeometry g, Tensor out, Tensor argIndex) {
        if (out.dtype() != DType.FLOAT32 || x.dtype() != DType.FLOAT32
                || argIndex != null && argIndex.dtype() != DType.FLOAT32) {
            return false;
        }
        float[] xa = CpuConv.f32(x);
        int h = x.size(2), w = x.size(3), ho = out.size(2), wo = out.size(3);
        int planes = x.size(0) * x.size(1);
        float[] direct = argIndex == null ? null : CpuConv.wholeArray(argIndex);
        float[] idx = argIndex == null ? null : direct != null ? direct : new float[out.numel()];
        CpuConv.intoOutput(out, o -> CpuThreads.forRange(planes, (long) ho * wo * g.kernelH() * g.kernelW(), (lo, hi) -> {
            for (int pl = lo; pl < hi; pl++) {
                poolPlane(mode, xa, pl * h * w, h, w, g, o, idx, pl * ho * wo, ho, wo);
            }
        }));
        if (argIndex != null && direct == null) {
            CpuConv.intoOutput(argIndex, a -> System.arraycopy(idx, 0, a, 0, idx.length));
        }
        return true;
    }

    private static void poolPlane(PoolMode mode, float[] x, int xBase, int h, int w, Pool2dGeometry g, float[] out,
            float[] idx, int oBase, int ho, int wo) {
        if (extreme(mode)) {
            extremePlane(mode == PoolMode.MAX, x, xBase, h, w, g, out, idx, oBase, ho, wo);
        } else {
            averagePlane(mode == PoolMode.AVG_INCLUDE_PAD, x, xBase, h, w, g, out, oBase, ho, wo);
        }
    }

    /**
     * Max (or min) of each window and the index of the first extreme; a NaN is the extreme and stays
     * (once acc is NaN no comparison is true), exactly the reference's rule. Without padding, whole
     * vectors of windows (the plane's outputs in row-major order) go through {@link #extremeVectors};
     * the rest one window at a time.
     */
    private static void extremePlane(boolean max, float[] x, int xBase, int h, int w, Pool2dGeometry g, float[] out,
            float[] idx, int oBase, int ho, int wo) {
        int n = ho * wo;
        int nv = g.padH() == 0 && g.padW() == 0 ? n - n % VL : 0;
        if (nv > 0) {
            // Indices nobody asked for go to a scratch: a branch on idx inside the vector loop would be
            // compiled away while only one case had been seen, and the other case would then run the
            // vector code deoptimised (about 100 times slower) until C2 recompiles it.
            float[] at = idx != null ? idx : indexScratch(nv);
            extremeVectors(max, x, xBase, w, g, out, at, idx != null ? oBase : 0, oBase, wo, nv);
        }
        float sign = max ? 1f : -1f;
        for (int f = nv; f < n; f++) {
            int i = f / wo;
            int j = f % wo;
            int y0 = i * g.strideH() - g.padH();
            int ya = Math.max(y0, 0), yb = Math.min(y0 + g.kernelH(), h);
            int x0 = j * g.strideW() - g.padW();
            int xa = Math.max(x0, 0), xb = Math.min(x0 + g.kernelW(), w);
            float acc = Float.NaN;
            int best = -1;
            if (ya < yb && xa < xb) {
                best = ya * w + xa;
                acc = x[xBase + best];
                float key = sign * acc;
                for (int y = ya; y < yb; y++) {
                    int row = xBase + y * w;
                    for (int xx = xa; xx < xb; xx++) {
                        float v = x[row + xx];
                        float vk = sign * v;
                        // v beats acc when it is larger (smaller for min) or NaN while acc is not.
                        if (vk > key || v != v && acc == acc) {
                            acc = v;
                            key = vk;
                            best = y * w + xx;
                        }
                    }
                }
            }
            out[oBase + f] = acc;
            if (idx != null) {
                idx[oBase + f] = best;
            }
        }
    }

    private static float[] indexScratch(int size) {
        float[] t = INDICES.get();
        if (t.length < size) {
            t = new float[size];
            INDICES.set(t);
        }
        return t;
    }

    private static float[] windows(int size) {
        float[] t = WINDOWS.get();
        if (t.length < size) {
            t = new float[size];
            WINDOWS.set(t);
        }
        return t;
    }

    /**
     * The first {@code nv} windows (row-major) of an unpadded pooling, {@code VL} at a time without
     * data-dependent branches (a compare-and-branch per element mispredicts half the time on real data).
     * Element {@code e = (u, v)} of every window is first gathered into row e of a scratch, after a row
     * holding each window's top-left position; the extreme is the lane-wise {@code Math.max}/{@code min}
     * (a NaN propagates); then a last-to-first blend keeps the first element equal to it (or the first
     * NaN), its value (so -0.0 and 0.0 tie as in the reference) and its index.
     */
    private static void extremeVectors(boolean max, float[] x, int xBase, int w, Pool2dGeometry g, float[] out,
            float[] idx, int iBase, int oBase, int wo, int nv) {
        int kh = g.kernelH(), kw = g.kernelW(), last = kh * kw - 1;
        float[] t = windows((last + 2) * nv);
        int corner = (last + 1) * nv;
        float sign = max ? 1f : -1f; // min(a, b) = -max(-a, -b) exactly, signed zeros and NaN included
        for (int f = 0; f < nv; f++) {
            t[corner + f] = f / wo * g.strideH() * w + f % wo * g.strideW();
        }
        for (int u = 0; u < kh; u++) {
            for (int v = 0; v < kw; v++) {
                int dst = (u * kw + v) * nv;
                int off = xBase + u * w + v;
                for (int f = 0; f < nv; f++) {
                    t[dst + f] = sign * x[off + (int) t[corner + f]];
                }
            }
        }
        for (int f = 0; f < nv; f += VL) {
            FloatVector m = FloatVector.fromArray(S, t, f);
            for (int e = 1; e <= last; e++) {
                m = m.max(FloatVector.fromArray(S, t, e * nv + f));
            }
            VectorMask<Float> nan = m.test(VectorOperators.IS_NAN);
            FloatVector base = FloatVector.fromArray(S, t, corner + f);
            FloatVector val = FloatVector.fromArray(S, t, last * nv + f);
            FloatVector at = base.add(last / kw * w + last % kw);
            for (int e = last - 1; e >= 0; e--) {
                FloatVector te = FloatVector.fromArray(S, t, e * nv + f);
                VectorMask<Float> hit = te.eq(m).or(nan.and(te.test(VectorOperators.IS_NAN)));
                val = val.blend(te, hit);
                at = at.blend(base.add(e / kw * w + e % kw), hit);
            }
            val.mul(sign).intoArray(out, oBase + f);
            at.intoArray(idx, iBase + f);
        }
    }

    /** Window means, summed in double in the reference's order. */
    private static void averagePlane(boolean includePad, float[] x, int xBase, int h, int w, Pool2dGeometry g,
            float[] out, int oBase, int ho, int wo) {
        for (int i = 0; i < ho; i++) {
            int y0 = i * g.strideH() - g.padH();
            int ya = Math.max(y0, 0), yb = Math.min(y0 + g.kernelH(), h);
            for (int j = 0; j < wo; j++) {
                int x0 = j * g.strideW() - g.padW();
                int xa = Math.max(x0, 0), xb = Math.min(x0 + g.kernelW(), w);
                double acc = 0;
                for (int y = ya; y < yb; y++) {
                    int row = xBase + y * w;
                    for (int xx = xa; xx < xb; xx++) {
                        acc += x[row + xx];
                    }
                }
                int count = includePad ? g.kernelH() * g.kernelW() : (yb - ya) * (xb - xa);
                out[oBase + i * wo + j] = (float) (acc / count);
            }
        }
    }

    /** The gradient of {@link #pool2d}: {@code gradIn [n, c, h, w]} is overwritten; false when not float32. */
    static boolean pool2dBackward(PoolMode mode, Tensor gradOut, Tensor argIndex, Pool2dGeometry g, Tensor gradIn) {
        if (gradIn.dtype() != DType.FLOAT32 || gradOut.dtype() != DType.FLOAT32
                || argIndex != null && argIndex.dtype() != DType.FLOAT32) {
            return false;
        }
        float[] ga = CpuConv.f32(gradOut);
        float[] ia = extreme(mode) ? CpuConv.f32(argIndex) : null;
        int h = gradIn.size(2), w = gradIn.size(3), ho = gradOut.size(2), wo = gradOut.size(3);
        int planes = gradIn.size(0) * gradIn.size(1);
        CpuConv.intoOutput(gradIn, o -> CpuThreads.forRange(planes, (long) ho * wo * g.kernelH() * g.kernelW(), (lo, hi) -> {
            double[] acc = PLANE.get();
            if (acc.length < h * w) {
                acc = new double[h * w];
                PLANE.set(acc);
            }
            for (int pl = lo; pl < hi; pl++) {
                java.util.Arrays.fill(acc, 0, h * w, 0.0);
                backwardPlane(mode, ga, ia, pl * ho * wo, ho, wo, g, h, w, acc);
                int base = pl * h * w;
                for (int e = 0; e < h * w; e++) {
                    o[base + e] = (float) acc[e];
                }
            }
        }));
        return true;
    }

    private static void backwardPlane(PoolMode mode, float[] go, float[] idx, int gBase, int ho, int wo, Pool2dGeometry g,
            int h, int w, double[] acc) {
        for (int i = 0; i < ho; i++) {
            int y0 = i * g.strideH() - g.padH();
            int ya = Math.max(y0, 0), yb = Math.min(y0 + g.kernelH(), h);
            for (int j = 0; j < wo; j++) {
                int o = gBase + i * wo + j;
                if (idx != null) {
                    acc[(int) idx[o]] += go[o];
                    continue;
                }
                int x0 = j * g.strideW() - g.padW();
                int xa = Math.max(x0, 0), xb = Math.min(x0 + g.kernelW(), w);
                int count = mode == PoolMode.AVG_INCLUDE_PAD ? g.kernelH() * g.kernelW() : (yb - ya) * (xb - xa);
                double share = go[o] / (double) count;
                for (int y = ya; y < yb; y++) {
                    for (int xx = xa; xx < xb; xx++) {
                        acc[y * w + xx] += share;
                    }
                }
            }
        }
    }
}
