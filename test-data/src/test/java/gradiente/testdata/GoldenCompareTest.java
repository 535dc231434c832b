package gradiente.testdata;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoldenCompareTest {
    private static final GoldenCase ADD = GoldenFile.load("golden/selftest/sample.json").caseNamed("add_2x2_2");

    @Test
    void equalValuesPass() {
        assertThatCode(() -> GoldenCompare.assertClose(ADD, "out", new int[] {2, 2}, new double[] {11, 22, 13, 24}, 1e-10))
                .doesNotThrowAnyException();
    }

    @Test
    void relativeToleranceIsPerElement() {
        // 24 * (1 + 5e-11) is within 1e-10 relative; 13 + 13e-9 is not.
        assertThatCode(() -> GoldenCompare.assertClose(ADD, "out", new int[] {2, 2},
                new double[] {11, 22, 13, 24 * (1 + 5e-11)}, 1e-10)).doesNotThrowAnyException();
        assertThatThrownBy(() -> GoldenCompare.assertClose(ADD, "out", new int[] {2, 2},
                new double[] {11, 22, 13 + 13e-9, 24}, 1e-10))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("golden/selftest/sample.json#add_2x2_2 (op add): out: element 2 [1, 0]: expected 13.0, got 13.000000013");
    }

    @Test
    void smallEntriesUseTheTensorScaledFloor() {
        GoldenCase c = GoldenFile.parse("mem.json", new java.io.ByteArrayInputStream(
                "{\"generator\":\"g\",\"cases\":[{\"name\":\"a\",\"op\":\"o\",\"tensors\":{\"out\":{\"shape\":[2],\"data\":[1e-9,10.0]}}}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).caseNamed("a");
        // floor = 1e-3 * 10 = 1e-2, so element 0 may be off by 1e-10 * 1e-2 = 1e-12 but not by 1e-11
        assertThatCode(() -> GoldenCompare.assertClose(c, "out", new int[] {2}, new double[] {1e-9 + 5e-13, 10}, 1e-10))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GoldenCompare.assertClose(c, "out", new int[] {2}, new double[] {1e-9 + 1e-11, 10}, 1e-10))
                .hasMessageContaining("element 0 [0]");
    }

    @Test
    void shapeAndNanMismatchesFail() {
        assertThatThrownBy(() -> GoldenCompare.assertClose(ADD, "out", new int[] {4}, new double[] {11, 22, 13, 24}, 1e-10))
                .hasMessageContaining("out: shape [4], expected [2, 2]");
        assertThatThrownBy(() -> GoldenCompare.assertClose(ADD, "out", new int[] {2, 2}, new double[] {11, Double.NaN, 13, 24}, 1e-10))
                .hasMessageContaining("element 1 [0, 1]: expected 22.0, got NaN");
    }
}
