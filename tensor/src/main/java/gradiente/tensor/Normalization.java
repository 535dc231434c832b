package gradiente.tensor;

/**
 * Batch normalisation's two kernels (thesis 2.4, Ioffe and Szegedy 2015) over an input
 * {@code x [N, C, *]} whose statistics are taken per channel over every dimension but 1:
 * <pre>
 *   mean_c = (1/M) sum x,   var_c = (1/M) sum (x - mean_c)^2      (biased; M = N * prod(*))
 *   xhat = (x - mean_c) / sqrt(var_c + eps),   y = weight_c xhat + bias_c
 * </pre>
 * and, given {@code dy = dL/dy}, the gradients
 * <pre>
 *   dbias_c = sum dy,   dweight_c = sum dy xhat,
 *   dx = weight_c / sqrt(var_c + eps) * (dy - dbias_c / M - xhat dweight_c / M)
 * </pre>
 * Each backend may fuse them ({@link Backend#batchNormForward}, {@link Backend#batchNormBackward}); the
 * {@code composite} methods here are the plain compositions of tensor ops every backend inherits.
 */
public final class Normalization {
    private Normalization() {
    }

    /** Output, batch mean and biased batch variance (both {@code [C]}). */
    public record Forward(Tensor out, Tensor mean, Tensor var) {
    }

    /** Gradients of x, of the weight and of the bias ({@code [C]}; null without an affine transform). */
    public record Backward(Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
    }

    /** The reduced dims {@code {0, 2, 3, ...}} of an input of rank {@code rank}. */
    public static int[] statDims(int rank) {
        int[] dims = new int[rank - 1];
        for (int d = 2; d < rank; d++) {
            dims[d - 1] = d;
        }
        return dims;
    }

    /** The shape {@code [1, C, 1, ...]} that per-channel statistics of {@code x} broadcast from. */
    public static int[] statShape(Tensor x) {
        int[] s = new int[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[1] = x.size(1);
        return s;
    }

    private static void check(String op, Tensor x, Tensor weight, Tensor bias) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": input must be [N, C, ...], got " + x.shapeString());
        }
        int c = x.size(1);
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && (p.rank() != 1 || p.size(0) != c)) {
                throw new IllegalArgumentException(op + ": weight and bias must be [" + c + "] for input " + x.shapeString()
                        + ", got " + p.shapeString());
            }
        }
        if (x.numel() / c < 1) {
            throw new IllegalArgumentException(op + ": input " + x.shapeString() + " has no values per channel");
        }
    }

    /** Normalises {@code x} with its own per-channel statistics; weight and bias may be null. */
    public static Forward batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        check("batchNorm", x, weight, bias);
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("batchNorm: eps must be >= 0, got " + eps);
        }
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.shape());
        Tensor mean = Tensor.zeros(x.dtype(), x.device(), x.size(1));
        Tensor var = Tensor.zeros(x.dtype(), x.device(), x.size(1));
        x.backend().batchNormForward(x, weight, bias, eps, out, mean, var);
        return new Forward(out, mean, var);
    }

    /** The gradients of {@link #batchNorm} for the batch statistics {@code mean}, {@code var} it returned. */
    public static Backward batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor var, Tensor weight, double eps) {
        check("batchNormBackward", x, weight, null);
        if (!java.util.Arrays.equals(x.shape(), gradOut.shape())) {
            throw new IllegalArgumentException("batchNormBackward: gradient " + gradOut.shapeString() + " does not match input "
                    + x.shapeString());
        }
        Tensor gradIn = Tensor.zeros(x.dtype(), x.device(), x.shape());
        Tensor gw = Tensor.zeros(x.dtype(), x.device(), x.size(1));
        Tensor gb = Tensor.zeros(x.dtype(), x.device(), x.size(1));
        x.backend().batchNormBackward(x, gradOut, mean, var, weight, eps, gradIn, gw, gb);
        return new Backward(gradIn, weight == null ? null : gw, weight == null ? null : gb);
    }

    /** {@link Backend#batchNormForward} composed of tensor ops (two-pass variance). */
    public static void compositeForward(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor var) {
        int[] dims = statDims(x.rank());
        int[] stat = statShape(x);
        Tensor m = x.mean(dims, true);
        Tensor centred = x.sub(m);
        Tensor v = centred.square().mean(dims, true);
        Tensor y = centred.mul(v.add(eps).sqrt().reciprocal());
        if (weight != null) {
            y = y.mul(weight.reshape(stat));
        }
        if (bias != null) {
            y = y.add(bias.reshape(stat));
        }
        out.copyFrom(y);
        mean.copyFrom(m.reshape(x.size(1)));
        var.copyFrom(v.reshape(x.size(1)));
    }

    /** {@link Backend#batchNormBackward} composed of tensor ops. */
    public static void compositeBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor var, Tensor weight, double eps,
                                         Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        int[] dims = statDims(x.rank());
        int[] stat = statShape(x);
        double count = (double) x.numel() / x.size(1);
        Tensor invStd = var.add(eps).sqrt().reciprocal().reshape(stat);
        Tensor xhat = x.sub(mean.reshape(stat)).mul(invStd);
        Tensor sumDy = gradOut.sum(dims, true);
        Tensor sumDyXhat = gradOut.mul(xhat).sum(dims, true);
        Tensor scale = weight == null ? invStd : invStd.mul(weight.reshape(stat));
        Tensor dx = gradOut.sub(sumDy.div(count)).sub(xhat.mul(sumDyXhat.div(count))).mul(scale);
        gradIn.copyFrom(dx);
        gradWeight.copyFrom(sumDyXhat.reshape(x.size(1)));
        gradBias.copyFrom(sumDy.reshape(x.size(1)));
    }
}
