package gradiente.peers.tf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader of gradiente's lockstep records (GLS1, {@code gradiente.generative.recipes.LockstepRecorder}): ASCII
 * {@code GLS1}, an int32 count, then per array an int16 name length, the UTF-8 name, a dtype byte (0 float32,
 * 1 bits packed 8 per byte most significant first, 2 float64), an int8 rank, int32 dimensions, an int64 byte
 * count and the data, all little-endian. Every array is returned as floats (bits as 0 or 1; a float64 scalar
 * rounded to float, with its double kept in {@link Arr#f64}).
 */
final class Gls {
    private Gls() {
    }

    /** One array: its shape, its values as floats, and for a float64 scalar the exact double. */
    record Arr(int dtype, int[] shape, float[] data, double f64) {
        int size() {
            return data.length;
        }

        @Override
        public String toString() {
            return "dtype " + dtype + " shape " + Arrays.toString(shape);
        }
    }

    static Map<String, Arr> read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("GLS1")) {
            throw new IOException(path + ": not a lockstep record (magic " + Arrays.toString(magic) + ")");
        }
        int n = b.getInt();
        Map<String, Arr> out = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            int dtype = b.get();
            int rank = b.get();
            int[] shape = new int[rank];
            int count = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = b.getInt();
                count *= shape[d];
            }
            long nbytes = b.getLong();
            int start = b.position();
            float[] data = new float[count];
            double f64 = Double.NaN;
            switch (dtype) {
                case 0 -> b.asFloatBuffer().get(data);
                case 2 -> {
                    for (int i = 0; i < count; i++) {
                        double v = b.getDouble(start + 8 * i);
                        data[i] = (float) v;
                        f64 = v;
                    }
                }
                case 1 -> {
                    for (int i = 0; i < count; i++) {
                        data[i] = (b.get(start + (i >> 3)) >>> (7 - (i & 7)) & 1) != 0 ? 1f : 0f;
                    }
                }
                default -> throw new IOException(path + ": array " + new String(name, StandardCharsets.UTF_8)
                        + " has unknown dtype " + dtype);
            }
            b.position(start + (int) nbytes);
            out.put(new String(name, StandardCharsets.UTF_8), new Arr(dtype, shape, data, f64));
        }
        return out;
    }

    // ---- layouts: every map is a permutation p with tf[k] = gradiente[p[k]] ----

    /** Conv2d weight [out, in, kh, kw] (gradiente, PyTorch) to TF's Conv2D filter [kh, kw, in, out]. */
    static int[] conv(int out, int in, int kh, int kw) {
        int[] p = new int[out * in * kh * kw];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        p[((h * kw + w) * in + i) * out + o] = ((o * in + i) * kh + h) * kw + w;
                    }
                }
            }
        }
        return p;
    }

    /**
     * ConvTranspose2d weight [in, out, kh, kw] (gradiente, PyTorch) to TF's Conv2DBackpropInput filter
     * [kh, kw, out, in] (Keras' Conv2DTranspose kernel): tf[h, w, o, i] = g[i, o, h, w], no flip.
     */
    static int[] convTranspose(int in, int out, int kh, int kw) {
        int[] p = new int[in * out * kh * kw];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        p[((h * kw + w) * out + o) * in + i] = ((i * out + o) * kh + h) * kw + w;
                    }
                }
            }
        }
        return p;
    }

    /** Channels-first index c*hw + s of a [c, h, w] feature map to channels-last (s*c + channel): nhwc[k] = nchw[p[k]]. */
    static int[] chwToHwc(int c, int h, int w) {
        int[] p = new int[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int s = 0; s < h * w; s++) {
                p[s * c + ch] = ch * h * w + s;
            }
        }
        return p;
    }

    /**
     * Linear weight [out, in] (gradiente) to a Dense kernel [in, out], with the output units permuted by
     * {@code outPerm} (tf unit k = gradiente unit outPerm[k]) and the inputs by {@code inPerm}; null for none.
     */
    static int[] dense(int out, int in, int[] outPerm, int[] inPerm) {
        int[] p = new int[out * in];
        for (int i = 0; i < in; i++) {
            int gi = inPerm == null ? i : inPerm[i];
            for (int o = 0; o < out; o++) {
                int go = outPerm == null ? o : outPerm[o];
                p[i * out + o] = go * in + gi;
            }
        }
        return p;
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** A batch of [n, c, h, w] (gradiente) as [n, h, w, c]. */
    static float[] nchwToNhwc(float[] x, int n, int c, int h, int w) {
        int[] p = chwToHwc(c, h, w);
        int per = c * h * w;
        float[] out = new float[x.length];
        for (int b = 0; b < n; b++) {
            int off = b * per;
            for (int k = 0; k < per; k++) {
                out[off + k] = x[off + p[k]];
            }
        }
        return out;
    }

    static float[] toTf(float[] g, int[] p) {
        float[] t = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            t[k] = g[p[k]];
        }
        return t;
    }

    static float[] toGradiente(float[] t, int[] p) {
        float[] g = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            g[p[k]] = t[k];
        }
        return g;
    }

    /** ||a - ref|| / ||ref|| in double. */
    static double rel(float[] a, float[] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = (double) a[i] - ref[i];
            num += d * d;
            den += (double) ref[i] * ref[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
    }
}
