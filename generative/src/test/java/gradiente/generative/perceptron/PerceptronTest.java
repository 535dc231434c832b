package gradiente.generative.perceptron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.generative.perceptron.Perceptron.Arithmetic;
import gradiente.generative.perceptron.Perceptron.Step;
import gradiente.generative.perceptron.Perceptron.Trace;
import org.junit.jupiter.api.Test;

/** Thesis section 2.1: the perceptron learning rule on AND, row by row against the thesis' table. */
class PerceptronTest {
    private static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    private static final int[] AND = {0, 0, 0, 1};

    /** The thesis' table: epoch, x1, x2, b, w1, w2, z, y_hat, y, db, dw1, dw2. */
    private static final String[] THESIS_TABLE = {
        "1 0 0 1 1 1 1 1 0 -0.3 0 0",
        "1 0 1 0.7 1 1 1.7 1 0 -0.3 0 -0.3",
        "1 1 0 0.4 1 0.7 1.4 1 0 -0.3 -0.3 0",
        "1 1 1 0.1 0.7 0.7 1.5 1 1 0 0 0",
        "2 0 0 0.1 0.7 0.7 0.1 1 0 -0.3 0 0",
        "2 0 1 -0.2 0.7 0.7 0.5 1 0 -0.3 0 -0.3",
        "2 1 0 -0.5 0.7 0.4 0.2 1 0 -0.3 -0.3 0",
        "2 1 1 -0.8 0.4 0.4 0 1 1 0 0 0",
        "3 0 0 -0.8 0.4 0.4 -0.8 0 0 0 0 0",
        "3 0 1 -0.8 0.4 0.4 -0.4 0 0 0 0 0",
        "3 1 0 -0.8 0.4 0.4 -0.4 0 0 0 0 0",
        "3 1 1 -0.8 0.4 0.4 0 1 1 0 0 0",
    };

    @Test
    void exactDecimalReproducesTheThesisTableRowByRow() {
        Perceptron p = new Perceptron(1, new double[] {1, 1}, Arithmetic.EXACT_DECIMAL);
        Trace trace = p.train(X, AND, 0.3, 100);
        assertThat(trace.converged()).isTrue();
        assertThat(trace.epochs()).isEqualTo(3);
        assertThat(trace.steps()).hasSize(THESIS_TABLE.length);
        for (int r = 0; r < THESIS_TABLE.length; r++) {
            String[] v = THESIS_TABLE[r].split(" ");
            Step s = trace.steps().get(r);
            String row = "row " + (r + 1);
            assertThat(s.epoch()).as(row).isEqualTo(Integer.parseInt(v[0]));
            assertThat(s.x()[0]).as(row + " x1").isEqualByComparingTo(v[1]);
            assertThat(s.x()[1]).as(row + " x2").isEqualByComparingTo(v[2]);
            assertThat(s.bias()).as(row + " b").isEqualByComparingTo(v[3]);
            assertThat(s.weights()[0]).as(row + " w1").isEqualByComparingTo(v[4]);
            assertThat(s.weights()[1]).as(row + " w2").isEqualByComparingTo(v[5]);
            assertThat(s.z()).as(row + " z").isEqualByComparingTo(v[6]);
            assertThat(s.prediction()).as(row + " y_hat").isEqualTo(Integer.parseInt(v[7]));
            assertThat(s.target()).as(row + " y").isEqualTo(Integer.parseInt(v[8]));
            assertThat(s.deltaBias()).as(row + " db").isEqualByComparingTo(v[9]);
            assertThat(s.deltaWeights()[0]).as(row + " dw1").isEqualByComparingTo(v[10]);
            assertThat(s.deltaWeights()[1]).as(row + " dw2").isEqualByComparingTo(v[11]);
        }
        assertThat(p.bias()).isEqualByComparingTo("-0.8");
        assertThat(p.weights()[0]).isEqualByComparingTo("0.4");
        for (int i = 0; i < X.length; i++) {
            assertThat(p.predict(X[i])).as("AND(%s)", java.util.Arrays.toString(X[i])).isEqualTo(AND[i]);
        }
    }

    @Test
    void float64RoundingBreaksTheTieOfEpochTwo() {
        Perceptron p = new Perceptron(1, new double[] {1, 1}, Arithmetic.FLOAT64);
        Trace trace = p.train(X, AND, 0.3, 100);
        Step tie = trace.steps().get(7);
        // In exact arithmetic z = -0.8 + 0.4 + 0.4 = 0 (prediction 1); in binary64 it is -2^-53.
        assertThat(tie.z().doubleValue()).isNegative().isGreaterThan(-1e-15);
        assertThat(tie.prediction()).isZero();
        assertThat(trace.converged()).isTrue();
        assertThat(trace.epochs()).isEqualTo(4);
        for (int i = 0; i < X.length; i++) {
            assertThat(p.predict(X[i])).isEqualTo(AND[i]);
        }
    }

    @Test
    void orIsLearnedAndXorNeverConverges() {
        Perceptron or = new Perceptron(0, new double[] {0, 0}, Arithmetic.EXACT_DECIMAL);
        int[] orTargets = {0, 1, 1, 1};
        assertThat(or.train(X, orTargets, 0.5, 50).converged()).isTrue();
        for (int i = 0; i < X.length; i++) {
            assertThat(or.predict(X[i])).isEqualTo(orTargets[i]);
        }
        // Thesis 2.1: XOR is not linearly separable, so the rule cycles forever.
        Perceptron xor = new Perceptron(1, new double[] {1, 1}, Arithmetic.EXACT_DECIMAL);
        Trace t = xor.train(X, new int[] {0, 1, 1, 0}, 0.3, 50);
        assertThat(t.converged()).isFalse();
        assertThat(t.epochs()).isEqualTo(50);
    }

    @Test
    void badInputNamesTheProblem() {
        Perceptron p = new Perceptron(0, new double[] {0, 0}, Arithmetic.FLOAT64);
        assertThatThrownBy(() -> p.predict(new double[] {1, 2, 3}))
                .hasMessageContaining("perceptron").hasMessageContaining("3 features").hasMessageContaining("expect 2");
        assertThatThrownBy(() -> p.train(X, new int[] {0, 1}, 0.1, 5)).hasMessageContaining("4 examples but 2 targets");
        assertThatThrownBy(() -> p.train(X, new int[] {0, 1, 2, 0}, 0.1, 5)).hasMessageContaining("target 2 is 2");
    }
}
