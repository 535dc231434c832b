package gradiente.cli;

import gradiente.generative.perceptron.Perceptron;
import gradiente.generative.perceptron.Perceptron.Arithmetic;
import gradiente.generative.perceptron.Perceptron.Step;
import gradiente.generative.perceptron.Perceptron.Trace;
import gradiente.tensor.io.Numbers;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente train perceptron}: the perceptron learning rule on the AND function with the
 * thesis' initial parameters (section 2.1: b = w1 = w2 = 1, eta = 0.3), printing the same table.
 */
@Command(name = "perceptron", mixinStandardHelpOptions = true,
        description = "Thesis 2.1: perceptron learning rule on AND (or OR), printing the update table.")
public final class PerceptronCommand implements TrainTarget, Callable<Integer> {

    @Option(names = "--lr", description = "learning rate eta (default ${DEFAULT-VALUE})", defaultValue = "0.3")
    double lr;

    @Option(names = "--bias", description = "initial bias b (default ${DEFAULT-VALUE})", defaultValue = "1")
    double bias;

    @Option(names = "--w", split = ",", description = "initial weights w1,w2 (default ${DEFAULT-VALUE})", defaultValue = "1,1")
    double[] w;

    @Option(names = "--function", description = "AND or OR (default ${DEFAULT-VALUE})", defaultValue = "AND")
    String function;

    @Option(names = "--arithmetic", description = "EXACT_DECIMAL (the thesis' hand calculation) or FLOAT64 (default ${DEFAULT-VALUE})",
            defaultValue = "EXACT_DECIMAL")
    Arithmetic arithmetic;

    @Option(names = "--epochs", description = "maximum epochs (default ${DEFAULT-VALUE})", defaultValue = "100")
    int epochs;

    @Override
    public Integer call() {
        if (w.length != 2) {
            throw new IllegalArgumentException("train perceptron: --w needs 2 weights, got " + w.length);
        }
        double[][] xs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        int[] ys = switch (function.toUpperCase(Locale.ROOT)) {
            case "AND" -> new int[] {0, 0, 0, 1};
            case "OR" -> new int[] {0, 1, 1, 1};
            default -> throw new IllegalArgumentException("train perceptron: --function must be AND or OR, got " + function);
        };
        Perceptron p = new Perceptron(bias, w, arithmetic);
        Trace trace = p.train(xs, ys, lr, epochs);
        System.out.printf(Locale.ROOT, "perceptron on %s, eta=%s, %s arithmetic (thesis section 2.1)%n",
                function.toUpperCase(Locale.ROOT), fmt(BigDecimal.valueOf(lr)), arithmetic);
        System.out.println("epoch  x1  x2      b     w1     w2      z  y_hat  y     db    dw1    dw2");
        for (Step s : trace.steps()) {
            System.out.printf(Locale.ROOT, "%5d  %2s  %2s %6s %6s %6s %6s  %5d %2d %6s %6s %6s%n", s.epoch(),
                    fmt(s.x()[0]), fmt(s.x()[1]), fmt(s.bias()), fmt(s.weights()[0]), fmt(s.weights()[1]), fmt(s.z()),
                    s.prediction(), s.target(), fmt(s.deltaBias()), fmt(s.deltaWeights()[0]), fmt(s.deltaWeights()[1]));
        }
        BigDecimal[] fw = p.weights();
        System.out.printf(Locale.ROOT, "%s after %d epochs: b=%s w1=%s w2=%s (line %s x1 + %s x2 + %s = 0)%n",
                trace.converged() ? "converged" : "did not converge", trace.epochs(), fmt(p.bias()), fmt(fw[0]), fmt(fw[1]),
                fmt(fw[0]), fmt(fw[1]), fmt(p.bias()));
        return trace.converged() ? 0 : 1;
    }

    private String fmt(BigDecimal v) {
        if (arithmetic == Arithmetic.FLOAT64) {
            return Numbers.shortest(v.doubleValue());
        }
        BigDecimal s = v.stripTrailingZeros();
        return (s.signum() == 0 ? BigDecimal.ZERO : s).toPlainString();
    }
}
