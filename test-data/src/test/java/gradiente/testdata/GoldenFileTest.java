package gradiente.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenFileTest {
    private static GoldenFile parse(String json) {
        return GoldenFile.parse("mem.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsCasesParamsAndTensors() {
        GoldenFile f = GoldenFile.load("golden/selftest/sample.json");
        assertThat(f.generator()).startsWith("hand-written");
        assertThat(f.cases()).extracting(GoldenCase::name).containsExactly("add_2x2_2", "sum_all");
        GoldenCase c = f.cases().get(0);
        assertThat(c.op()).isEqualTo("add");
        assertThat(c.id()).isEqualTo("golden/selftest/sample.json#add_2x2_2");
        assertThat(c.intParam("alpha")).isEqualTo(1);
        assertThat(c.doubleParam("scale")).isEqualTo(0.5);
        assertThat(c.doubleParam("alpha")).isEqualTo(1.0);
        assertThat(c.intArrayParam("dims")).containsExactly(0, 1);
        assertThat(c.boolParam("keepdim")).isTrue();
        assertThat(c.param("mode")).isEqualTo("exact");
        assertThat(c.param("dims")).isEqualTo("[0,1]");
        assertThat(c.has("x")).isTrue();
        assertThat(c.has("z")).isFalse();
        assertThat(c.array("y").shape()).containsExactly(2);
        assertThat(c.array("x").data()).containsExactly(1, 2, 3, 4);
        assertThat(c.inputNames()).containsExactly("x", "y");
        assertThat(c.differentiableInputs()).containsExactly("x", "y");
        assertThat(c.grad("y").data()).containsExactly(1.5, 1.0);
    }

    @Test
    void scalarsAndNonFiniteNumbers() {
        GoldenCase c = GoldenFile.load("golden/selftest/sample.json").caseNamed("sum_all");
        GoldenArray out = c.array("out");
        assertThat(out.rank()).isZero();
        assertThat(out.numel()).isEqualTo(1);
        assertThat(out.data()[0]).isInfinite();
        assertThat(c.differentiableInputs()).isEmpty();
    }

    @Test
    void groupIndexListsFiles() {
        List<GoldenFile> group = GoldenFile.loadGroup("selftest");
        assertThat(group).extracting(GoldenFile::resource).containsExactly("golden/selftest/sample.json");
    }

    @Test
    void intDataIsExactOrFails() {
        assertThat(new GoldenArray(new int[] {3}, new double[] {0, 2, -1}).intData()).containsExactly(0, 2, -1);
        assertThatThrownBy(() -> new GoldenArray(new int[] {1}, new double[] {0.5}).intData())
                .hasMessageContaining("0.5 is not an int");
    }

    @Test
    void missingThingsAreNamed() {
        GoldenCase c = GoldenFile.load("golden/selftest/sample.json").cases().get(0);
        assertThatThrownBy(() -> c.array("nope")).hasMessageContaining("sample.json#add_2x2_2: no tensor 'nope'");
        assertThatThrownBy(() -> c.intParam("nope")).hasMessageContaining("no parameter 'nope'");
        assertThatThrownBy(() -> c.intParam("scale")).hasMessageContaining("parameter 'scale' = 0.5 is not an int");
        assertThatThrownBy(() -> GoldenFile.load("golden/none.json")).hasMessage("golden/none.json: no such class-path resource");
    }

    @Test
    void malformedFilesGiveResourceAndOffset() {
        assertThatThrownBy(() -> parse("{\"generator\": \"g\", \"cases\": [ {\"name\": }]}"))
                .isInstanceOf(GoldenFormatException.class)
                .hasMessageContaining("mem.json: malformed JSON at byte 39 (line 1, column 40)");
        assertThatThrownBy(() -> parse("{\"generator\": \"g\"}")).hasMessage("mem.json: /cases is missing");
        assertThatThrownBy(() -> parse("{\"generator\": \"g\", \"cases\": [{\"name\": \"a\", \"op\": \"o\", \"tensors\":"
                + " {\"x\": {\"shape\": [2], \"data\": [1]}}}]}"))
                .hasMessage("mem.json: /cases/0/tensors/x: golden array: shape [2] holds 2 elements but data has 1");
        assertThatThrownBy(() -> parse("{\"generator\": \"g\", \"cases\": [{\"name\": \"a\", \"op\": \"o\", \"tensors\": {}},"
                + " {\"name\": \"a\", \"op\": \"o\", \"tensors\": {}}]}"))
                .hasMessage("mem.json: case name 'a' appears twice");
    }
}
