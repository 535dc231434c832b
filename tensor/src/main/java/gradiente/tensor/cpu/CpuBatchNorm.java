package gradiente.tensor.cpu;

import gradiente.tensor.DType;
import gradiente.tensor.Tensor;

/**
 * Fused float32 batch normalisation for {@link CpuBackend} (formulas in
 * {@link gradiente.tensor.Normalization}). One task per channel on the shared pool; a channel's values
 * are {@code N} contiguous runs of {@code S = prod(*)} floats. Forward reads x three times (mean,
 * two-pass variance, output) and backward three times (the mean again in double, the two sums, then
 * dx), against the dozen passes of the op-by-op composition and its autograd graph. Every pass over a
 * run is a {@link SimdF32} kernel; sums run in float64 lanes added in lane order, in a fixed order
 * over runs, so the results do not depend on the number of threads.
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {
    }

    private static boolean f32(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.dtype() != DType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /** Writes out, mean, var; false when any tensor is not float32 (the caller falls back). */
    static boolean forward(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor var) {
        if (!f32(x, weight, bias, out, mean, var)) {
            return false;
        }
        int n = x.size(0);
        int c = x.size(1);
        int s = (int) (x.numel() / ((long) n * c));
        float[] xa = CpuConv.f32(x);
        float[] wa = weight == null ? null : CpuConv.f32(weight);
        float[] ba = bias == null ? null : CpuConv.f32(bias);
        float[] means = new float[c];
        float[] vars = new float[c];
        CpuConv.intoOutput(out, o -> CpuThreads.forRange(c, 3L * n * s, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += SimdF32.sum(xa, (i * c + ch) * s, s);
                }
                double m = sum / ((double) n * s);
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    sq += SimdF32.sumSquaredDeviations(xa, (i * c + ch) * s, s, m);
                }
                double v = sq / ((double) n * s);
                double invStd = 1 / Math.sqrt(v + eps);
                double scale = wa == null ? invStd : wa[ch] * invStd;
                float fs = (float) scale;
                float fm = (float) m;
                // the float32 mean misses m by up to half an ulp of m; that residual, times scale,
                // is folded into the shift so a large common offset costs no output digits
                float fb = (float) ((ba == null ? 0 : ba[ch]) + (fm - m) * scale);
                for (int i = 0; i < n; i++) {
                    SimdF32.shiftScale(xa, o, (i * c + ch) * s, s, fm, fs, fb);
                }
                means[ch] = (float) m;
                vars[ch] = (float) v;
            }
        }));
        CpuConv.intoOutput(mean, a -> System.arraycopy(means, 0, a, 0, c));
        CpuConv.intoOutput(var, a -> System.arraycopy(vars, 0, a, 0, c));
        return true;
    }

    /** Writes gradIn, gradWeight, gradBias; false when any tensor is not float32. */
    static boolean backward(Tensor x, Tensor gradOut, Tensor mean, Tensor var, Tensor weight, double eps,
                            Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        if (!f32(x, gradOut, mean, var, weight, gradIn, gradWeight, gradBias)) {
            return false;
        }
        int n = x.size(0);
        int c = x.size(1);
        int s = (int) (x.numel() / ((long) n * c));
        float[] xa = CpuConv.f32(x);
        float[] dy = CpuConv.f32(gradOut);
        float[] va = CpuConv.f32(var);
        float[] wa = weight == null ? null : CpuConv.f32(weight);
        float[] gw = new float[c];
        float[] gb = new float[c];
        double count = (double) n * s;
        CpuConv.intoOutput(gradIn, o -> CpuThreads.forRange(c, 3L * n * s, (lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                // the mean again in double: the float32 one handed in is off by up to half an ulp,
                // which times sumDy and 1/var would dominate dx when the offset is large
                double sumX = 0;
                for (int i = 0; i < n; i++) {
                    sumX += SimdF32.sum(xa, (i * c + ch) * s, s);
                }
                double m = sumX / count;
                double invStd = 1 / Math.sqrt(va[ch] + eps);
                double sumDy = 0;
                double sumDyXc = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * s;
                    sumDy += SimdF32.sum(dy, base, s);
                    sumDyXc += SimdF32.dotCentered(dy, xa, base, s, m);
                }
                double sumDyXhat = sumDyXc * invStd;
                double scale = (wa == null ? 1 : wa[ch]) * invStd;
                // dx = scale * (dy - sumDy/M - (x - m) invStd * sumDyXhat/M) = a dy + b (x - m) + c0
                float a = (float) scale;
                float b = (float) (-scale * invStd * sumDyXhat / count);
                float fm = (float) m;
                double bExact = -scale * invStd * sumDyXhat / count;
                float c0 = (float) (-scale * sumDy / count + bExact * (fm - m));
                for (int i = 0; i < n; i++) {
                    SimdF32.combine(dy, xa, o, (i * c + ch) * s, s, a, b, fm, c0);
                }
                gw[ch] = (float) sumDyXhat;
                gb[ch] = (float) sumDy;
            }
        }));
        CpuConv.intoOutput(gradWeight, a -> System.arraycopy(gw, 0, a, 0, c));
        CpuConv.intoOutput(gradBias, a -> System.arraycopy(gb, 0, a, 0, c));
        return true;
    }
}
