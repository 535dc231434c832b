package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerceptronCommandTest {
    private static String run(int expectedCode, String... args) {
        var r = CliHarness.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(expectedCode);
        return r.out();
    }

    @Test
    void trainPerceptronPrintsTheThesisTableAndFinalLine() {
        String out = run(0, "train", "perceptron");
        assertThat(out).contains("perceptron on AND, eta=0.3")
                .contains("converged after 3 epochs: b=-0.8 w1=0.4 w2=0.4");
        assertThat(out.lines().filter(l -> l.matches("\\s+\\d+\\s+[01]\\s+[01].*"))).hasSize(12);
    }

    @Test
    void float64ArithmeticTakesFourEpochs() {
        String out = run(0, "train", "perceptron", "--arithmetic", "FLOAT64");
        assertThat(out).contains("converged after 4 epochs");
    }

    @Test
    void trainListsItsTargets() {
        String out = run(0, "train");
        assertThat(out).contains("perceptron");
    }
}
