package gradiente.generative.sample;

import gradiente.generative.gan.Latent;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Controlled generation (thesis 3.3, "generación controlada"): a direction in the latent space that
 * turns one class into another, found with a classifier's help and without labels in training.
 * Draw {@code n} latent vectors, generate, let the classifier name each image's class, and take
 * <pre>
 *   v = mean { z : classifier(G(z)) = to } - mean { z : classifier(G(z)) = from }
 * </pre>
 * Walking {@code z + t v} for {@code t} from 0 to 1 from a {@code from} image then moves it towards
 * {@code to} (the same construction as the attribute vectors of White 2016).
 *
 * @param direction  {@code v} as {@code [1, d]}
 * @param starts     latent vectors whose image the classifier calls {@code from}, {@code [k, d]}
 * @param fromCount  how many of the {@code n} images were {@code from}
 * @param toCount    how many were {@code to}
 */
public record LatentDirection(Tensor direction, Tensor starts, int fromCount, int toCount) {

    /**
     * Finds the direction.
     *
     * @param classify images {@code [m, 1, H, W]} in the decoder's range to predicted classes
     * @param n        latent vectors to draw
     */
    public static LatentDirection find(LatentDecoder dec, Function<Tensor, int[]> classify, int from, int to, int n,
                                       Generator gen) {
        if (dec.classes() > 0) {
            throw new IllegalArgumentException("controlled generation works on an unconditional model's z; " + dec.model()
                    + " is conditional (use interpolate --from-digit/--to-digit)");
        }
        int d = dec.latentDim();
        double[] sumFrom = new double[d];
        double[] sumTo = new double[d];
        int nFrom = 0;
        int nTo = 0;
        List<Tensor> starts = new ArrayList<>();
        for (int start = 0; start < n; start += 500) {
            int m = Math.min(500, n - start);
            Tensor z = Latent.sample(gen, m, d, DType.FLOAT32, Device.CPU);
            int[] cls = classify.apply(dec.decode(z, null));
            double[] zv = z.toDoubleArray();
            for (int i = 0; i < m; i++) {
                if (cls[i] == from || cls[i] == to) {
                    double[] sum = cls[i] == from ? sumFrom : sumTo;
                    for (int j = 0; j < d; j++) {
                        sum[j] += zv[i * d + j];
                    }
                    if (cls[i] == from) {
                        nFrom++;
                        starts.add(z.narrow(0, i, 1));
                    } else {
                        nTo++;
                    }
                }
            }
        }
        if (nFrom == 0 || nTo == 0) {
            throw new IllegalArgumentException("controlled generation: among " + n + " generated images the classifier saw "
                    + nFrom + " of class " + from + " and " + nTo + " of class " + to + "; draw more (--count) or train longer");
        }
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = sumTo[j] / nTo - sumFrom[j] / nFrom;
        }
        return new LatentDirection(Tensor.of(v, DType.FLOAT32, 1, d), Tensor.concat(0, starts.toArray(new Tensor[0])), nFrom, nTo);
    }

    /** Rows of {@code steps} points {@code z_r + t v}, {@code t = scale * i / (steps - 1)}, from the first {@code rows} starts. */
    public Tensor walks(int rows, int steps, double scale) {
        int k = Math.min(rows, starts.size(0));
        Tensor[] out = new Tensor[k];
        for (int r = 0; r < k; r++) {
            out[r] = Latent.linear(starts.narrow(0, r, 1), starts.narrow(0, r, 1).add(direction.mul(scale)), steps);
        }
        return Tensor.concat(0, out);
    }
}
