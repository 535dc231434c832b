package gradiente.generative.metrics;

import gradiente.tensor.DType;
import gradiente.tensor.Tensor;

/**
 * The Frechet distance between two Gaussians fitted to feature vectors (the "FID" when the features
 * come from a fixed network; here the penultimate layer of the fixed MNIST evaluation classifier, so
 * scores are comparable only with each other, never with Inception-based FIDs):
 * {@code d^2 = |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))}.
 *
 * <p>{@code Tr((S1 S2)^(1/2))} is computed stably as the sum of square roots of the eigenvalues of
 * the symmetric positive semi-definite matrix {@code S1^(1/2) S2 S1^(1/2)}, which has the same
 * eigenvalues as {@code S1 S2}.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** Mean [D] and covariance [D, D] (unbiased) of features [N, D], in float64. */
    public static Tensor[] moments(Tensor features) {
        if (features.rank() != 2 || features.size(0) < 2) {
            throw new IllegalArgumentException("frechet distance: features must be [N, D] with N >= 2, got "
                    + features.shapeString());
        }
        Tensor f = features.to(DType.FLOAT64);
        Tensor mu = f.mean(0, false);
        Tensor c = f.sub(mu);
        Tensor cov = c.t().matmul(c).mul(1.0 / (f.size(0) - 1));
        return new Tensor[] {mu, cov};
    }

    /** Frechet distance between the Gaussians fitted to two feature sets. */
    public static double between(Tensor featuresA, Tensor featuresB) {
        Tensor[] a = moments(featuresA);
        Tensor[] b = moments(featuresB);
        return fromMoments(a[0], a[1], b[0], b[1]);
    }

    /** Frechet distance between N(mu1, s1) and N(mu2, s2). */
    public static double fromMoments(Tensor mu1, Tensor s1, Tensor mu2, Tensor s2) {
        int n = mu1.size(0);
        if (mu2.size(0) != n || s1.size(0) != n || s2.size(0) != n) {
            throw new IllegalArgumentException("frechet distance: feature sizes differ: " + mu1.shapeString() + " vs "
                    + mu2.shapeString());
        }
        double meanTerm = mu1.sub(mu2).square().sum().item();
        double[] a = s1.to(DType.FLOAT64).contiguous().toDoubleArray();
        double[] b = s2.to(DType.FLOAT64).contiguous().toDoubleArray();
        double[] sqrtA = sqrtPsd(a, n);
        double[] m = multiply(multiply(sqrtA, b, n), sqrtA, n);
        symmetrise(m, n);
        double traceSqrt = 0;
        for (double ev : new SymmetricEigen(m, n).values) {
            traceSqrt += Math.sqrt(Math.max(ev, 0));
        }
        double trA = 0;
        double trB = 0;
        for (int i = 0; i < n; i++) {
            trA += a[i * n + i];
            trB += b[i * n + i];
        }
        return meanTerm + trA + trB - 2 * traceSqrt;
    }

    /** Square root of a symmetric positive semi-definite matrix (negative rounding noise clipped). */
    static double[] sqrtPsd(double[] m, int n) {
        double[] sym = m.clone();
        symmetrise(sym, n);
        SymmetricEigen e = new SymmetricEigen(sym, n);
        double[] out = new double[n * n];
        for (int k = 0; k < n; k++) {
            double s = Math.sqrt(Math.max(e.values[k], 0));
            for (int i = 0; i < n; i++) {
                double vik = e.vectors[i * n + k] * s;
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += vik * e.vectors[j * n + k];
                }
            }
        }
        return out;
    }

    private static void symmetrise(double[] m, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double avg = 0.5 * (m[i * n + j] + m[j * n + i]);
                m[i * n + j] = avg;
                m[j * n + i] = avg;
            }
        }
    }

    private static double[] multiply(double[] a, double[] b, int n) {
        return Tensor.of(a, n, n).matmul(Tensor.of(b, n, n)).toDoubleArray();
    }
}
