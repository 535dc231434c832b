package gradiente.generative.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class DivergenceGuardTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(buf, true, StandardCharsets.UTF_8);

    @Test
    void stopsAtTheFirstNonFiniteMeanNamingEpochUpdateAndCause() {
        DivergenceGuard g = new DivergenceGuard(DivergenceGuard.OnNan.STOP, "--lr 1e38", log);
        g.check(1, 1, 10, Map.of("loss", 2.3), () -> "kept");
        assertThatThrownBy(() -> g.check(2, 7, 10, Map.of("loss", Double.NaN), () -> "the checkpoint of epoch 1 is kept"))
                .isInstanceOf(DivergenceGuard.Divergence.class)
                .hasMessageContaining("loss is NaN at epoch 2, update 7 of 10").hasMessageContaining("lower --lr 1e38")
                .hasMessageContaining("the checkpoint of epoch 1 is kept");
    }

    @Test
    void aMeanPastTenThousandTimesItsFirstValueHasExploded() {
        DivergenceGuard g = new DivergenceGuard(DivergenceGuard.OnNan.STOP, "x", log);
        g.check(1, 1, 2, Map.of("loss", 2.3), () -> "");
        g.check(1, 2, 2, Map.of("loss", 2.3e4), () -> "");
        assertThatThrownBy(() -> g.check(2, 1, 2, Map.of("loss", 2.31e4), () -> ""))
                .hasMessageContaining("loss exploded to 2.31e+04 (it started at 2.300; the limit is 2.30e+04)");
        // Small first values are measured against 1: a mean going from 0.01 to 9,000 is not an explosion.
        DivergenceGuard h = new DivergenceGuard(DivergenceGuard.OnNan.STOP, "x", log);
        h.check(1, 1, 2, Map.of("w_estimate", 0.01), () -> "");
        h.check(1, 2, 2, Map.of("w_estimate", -9000.0), () -> "");
        assertThatThrownBy(() -> h.check(1, 2, 2, Map.of("w_estimate", -1e5), () -> "")).hasMessageContaining("exploded");
    }

    @Test
    void warnPrintsOnePerMetricAndEpochAndGoesOn() {
        DivergenceGuard g = new DivergenceGuard(DivergenceGuard.OnNan.WARN, "--lr 5", log);
        for (int u = 1; u <= 3; u++) {
            g.check(1, u, 3, Map.of("loss", Double.POSITIVE_INFINITY), () -> "");
        }
        g.check(2, 1, 3, Map.of("loss", Double.NaN), () -> "");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.startsWith("warning:"))).hasSize(2);
        assertThat(out).contains("warning: loss is Infinity at epoch 1, update 1 of 3").contains("loss is NaN at epoch 2");
    }

    @Test
    void aNonFiniteParameterOrGradientAfterTheEpochIsNamed() {
        gradiente.autograd.Variable w = new gradiente.autograd.Variable(gradiente.tensor.Tensor.ones(2, 3), true);
        DivergenceGuard g = new DivergenceGuard(DivergenceGuard.OnNan.STOP, "--lr 9", log);
        g.checkParameters(1, 4, Map.of("0.weight", w), () -> "kept");
        w.sum().mul(Double.NaN).backward();
        assertThatThrownBy(() -> g.checkParameters(3, 4, Map.of("0.weight", w), () -> "the last checkpoint is kept"))
                .isInstanceOf(DivergenceGuard.Divergence.class)
                .hasMessageContaining("the gradient of parameter 0.weight [2, 3] (element 0) holds NaN/Inf after epoch 3"
                        + " (update 4 of 4)").hasMessageContaining("lower --lr 9");
    }

    @Test
    void policiesParseAndBadOnesAreNamed() {
        assertThat(DivergenceGuard.OnNan.parse("WARN")).isEqualTo(DivergenceGuard.OnNan.WARN);
        assertThatThrownBy(() -> DivergenceGuard.OnNan.parse("ignore")).hasMessageContaining("--on-nan: expected stop or warn");
    }
}
