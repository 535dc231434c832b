package gradiente.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated groups load and every case follows the naming convention of {@link GoldenCase}. */
class GoldenGroupsTest {
    @ParameterizedTest
    @ValueSource(strings = {"ops", "conv"})
    void everyCaseIsWellFormed(String group) {
        List<GoldenFile> files = GoldenFile.loadGroup(group);
        assertThat(files).isNotEmpty();
        for (GoldenFile f : files) {
            assertThat(f.generator()).as(f.resource()).startsWith("test-data/scripts/make_golden.py; torch 1.13");
            assertThat(f.cases()).as(f.resource()).isNotEmpty();
            for (GoldenCase c : f.cases()) {
                assertThat(c.inputNames()).as(c.id()).isNotEmpty();
                assertThat(c.has(GoldenCase.OUT)).as(c.id()).isTrue();
                if (!c.differentiableInputs().isEmpty()) {
                    assertThat(c.array(GoldenCase.UPSTREAM).shape()).as(c.id()).isEqualTo(c.array(GoldenCase.OUT).shape());
                }
                for (String in : c.differentiableInputs()) {
                    assertThat(c.grad(in).shape()).as(c.id() + " grad_" + in).isEqualTo(c.array(in).shape());
                    if (c.isSecondOrder()) {
                        assertThat(c.grad2(in).shape()).as(c.id() + " grad2_" + in).isEqualTo(c.array(in).shape());
                    }
                }
                assertThat(c.isSecondOrder()).as(c.id()).isEqualTo(c.op().endsWith("_gradpenalty"));
            }
        }
    }
}
