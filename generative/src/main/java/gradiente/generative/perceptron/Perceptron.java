package gradiente.generative.perceptron;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A single perceptron (thesis section 2.1) trained by the perceptron learning rule, one example at a
 * time, with simultaneous updates of bias and weights:
 * <pre>
 *   z      = b + w_1 x_1 + ... + w_n x_n
 *   y_hat  = Theta(z) = 1 if z >= 0, else 0
 *   Delta b   = eta (y - y_hat)
 *   Delta w_j = eta (y - y_hat) x_j
 * </pre>
 * Training repeats epochs (passes over the data in order) until an epoch changes nothing.
 *
 * <p>{@link Arithmetic} chooses how numbers are added: {@link Arithmetic#EXACT_DECIMAL} computes like
 * the thesis' hand-worked table (0.1 + 0.3 is exactly 0.4), {@link Arithmetic#FLOAT64} like a computer
 * with IEEE doubles. They differ on the AND example: in epoch 2 the thesis has {@code z = -0.8 + 0.4 +
 * 0.4 = 0}, so {@code y_hat = 1}; in float64 the sum is {@code -1.1e-16}, the prediction flips to 0, and
 * training takes a different path (4 epochs instead of 3). The decision threshold makes the perceptron
 * sensitive to rounding exactly at ties.
 */
public final class Perceptron {

    /** How sums and products are rounded. */
    public enum Arithmetic {
        /** Exact decimal arithmetic, as in a hand calculation (no rounding for these inputs). */
        EXACT_DECIMAL,
        /** IEEE-754 binary64 arithmetic, each operation rounded to the nearest double. */
        FLOAT64
    }

    /** One row of the training trace: the state before the update and the update applied. */
    public record Step(int epoch, BigDecimal[] x, BigDecimal bias, BigDecimal[] weights, BigDecimal z,
                       int prediction, int target, BigDecimal deltaBias, BigDecimal[] deltaWeights) {
    }

    /** The outcome of {@link #train}: every step, the number of epochs run, and whether it converged. */
    public record Trace(List<Step> steps, int epochs, boolean converged) {
    }

    private final Arithmetic arithmetic;
    private BigDecimal bias;
    private final BigDecimal[] weights;

    /** A perceptron with the given initial bias and weights. */
    public Perceptron(double bias, double[] weights, Arithmetic arithmetic) {
        this.arithmetic = arithmetic;
        this.bias = of(bias);
        this.weights = new BigDecimal[weights.length];
        for (int j = 0; j < weights.length; j++) {
            this.weights[j] = of(weights[j]);
        }
    }

    private BigDecimal of(double v) {
        // Exact mode reads the decimal the user wrote (0.3 stays 0.3); float64 keeps the double's exact value.
        return arithmetic == Arithmetic.EXACT_DECIMAL ? BigDecimal.valueOf(v) : new BigDecimal(v);
    }

    private BigDecimal add(BigDecimal a, BigDecimal b) {
        return arithmetic == Arithmetic.EXACT_DECIMAL ? a.add(b)
                : new BigDecimal(a.doubleValue() + b.doubleValue());
    }

    private BigDecimal mul(BigDecimal a, BigDecimal b) {
        return arithmetic == Arithmetic.EXACT_DECIMAL ? a.multiply(b, MathContext.UNLIMITED)
                : new BigDecimal(a.doubleValue() * b.doubleValue());
    }

    /** {@code z = b + sum_j w_j x_j}, accumulated left to right. */
    public BigDecimal preActivation(double[] x) {
        checkLength(x);
        BigDecimal z = bias;
        for (int j = 0; j < weights.length; j++) {
            z = add(z, mul(weights[j], of(x[j])));
        }
        return z;
    }

    /** The step decision {@code Theta(z)}: 1 when {@code z >= 0}, else 0. */
    public int predict(double[] x) {
        return preActivation(x).signum() >= 0 ? 1 : 0;
    }

    /**
     * Trains on {@code xs} (one row per example) with targets 0/1, learning rate {@code eta}, for at most
     * {@code maxEpochs} epochs, stopping after the first epoch without any change.
     */
    public Trace train(double[][] xs, int[] ys, double eta, int maxEpochs) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("perceptron: " + xs.length + " examples but " + ys.length + " targets");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("perceptron: maxEpochs must be >= 1, got " + maxEpochs);
        }
        BigDecimal rate = of(eta);
        List<Step> steps = new ArrayList<>();
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            boolean changed = false;
            for (int i = 0; i < xs.length; i++) {
                int y = ys[i];
                if (y != 0 && y != 1) {
                    throw new IllegalArgumentException("perceptron: target " + i + " is " + y + ", expected 0 or 1");
                }
                BigDecimal z = preActivation(xs[i]);
                int yHat = z.signum() >= 0 ? 1 : 0;
                BigDecimal err = mul(rate, BigDecimal.valueOf(y - yHat));
                BigDecimal[] dw = new BigDecimal[weights.length];
                BigDecimal[] x = new BigDecimal[weights.length];
                for (int j = 0; j < weights.length; j++) {
                    x[j] = of(xs[i][j]);
                    dw[j] = mul(err, x[j]);
                }
                steps.add(new Step(epoch, x, bias, weights.clone(), z, yHat, y, err, dw));
                if (y != yHat) {
                    changed = true;
                    bias = add(bias, err);
                    for (int j = 0; j < weights.length; j++) {
                        weights[j] = add(weights[j], dw[j]);
                    }
                }
            }
            if (!changed) {
                return new Trace(steps, epoch, true);
            }
        }
        return new Trace(steps, maxEpochs, false);
    }

    public BigDecimal bias() {
        return bias;
    }

    public BigDecimal[] weights() {
        return weights.clone();
    }

    private void checkLength(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("perceptron: input has " + x.length + " features, the weights expect "
                    + weights.length);
        }
    }
}
