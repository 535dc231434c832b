package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.cpu.CpuBackend;
import gradiente.tensor.cpu.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the conformance suite without a GPU, with the fast CPU backend in the place of the device, so
 * that the suite itself (its inputs, views and tolerances) is exercised on every build and can fail:
 * a check that throws or exceeds its tolerance here is a broken check or a CPU bug.
 */
class ConformanceSuiteTest {
    @Test
    void everyCheckRunsAndPassesWithTheCpuBackendUnderTest() {
        List<Conformance.Check> checks = new Conformance(new CpuBackend(), new ReferenceBackend(), 7).checks();
        assertThat(checks).hasSizeGreaterThan(100);
        for (Conformance.Check c : checks) {
            assertThat(c.error().getAsDouble()).as(c.name()).isLessThanOrEqualTo(c.tolerance());
        }
    }

    @Test
    void theErrorMeasureSeesADifference() {
        Conformance.Check sabotaged = new Conformance(new OffByOneBackend(), new ReferenceBackend(), 7).checks().stream()
                .filter(c -> c.name().startsWith("unary EXP")).findFirst().orElseThrow();
        assertThat(sabotaged.error().getAsDouble()).isGreaterThan(sabotaged.tolerance());
    }

    /** A CPU backend whose unary maps are wrong by a factor, to show the suite detects errors. */
    static final class OffByOneBackend extends ReferenceBackend {
        @Override
        public void unary(gradiente.tensor.UnaryOp op, double p, double q, gradiente.tensor.Tensor x, gradiente.tensor.Tensor out) {
            super.unary(op, p, q, x, out);
            super.unary(gradiente.tensor.UnaryOp.AFFINE, 1.001, 0, out, out);
        }
    }
}
