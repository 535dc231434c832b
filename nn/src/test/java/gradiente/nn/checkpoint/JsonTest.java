package gradiente.nn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesIndentedObjectsOneLineArraysAndShortestNumbers() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("x", 1.5);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "dcgan");
        m.put("epochs", 12);
        m.put("fid", 65.0);
        m.put("loss", new double[] {0.5, Double.NaN, 2.0});
        m.put("names", List.of("a", "b"));
        m.put("ok", true);
        m.put("none", null);
        m.put("inner", inner);
        m.put("empty", Map.of());
        assertThat(Json.write(m)).isEqualTo("""
                {
                  "model": "dcgan",
                  "epochs": 12,
                  "fid": 65,
                  "loss": [0.5, null, 2],
                  "names": ["a", "b"],
                  "ok": true,
                  "none": null,
                  "inner": {
                    "x": 1.5
                  },
                  "empty": {}
                }
                """);
    }

    @Test
    void quotesEveryCharacterThatJsonRequires() {
        assertThat(Json.quote("a\"b\\c\nd\re\tf\u0001g/é")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g/é\"");
    }

    @Property
    void anyStringRoundTripsThroughQuoteAndParse(@ForAll String s) throws Json.Error {
        assertThat(Json.parse(Json.quote(s))).isEqualTo(s);
    }

    @Test
    void aWrittenDocumentParsesBackToTheSameValues() throws Json.Error {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key \"quoted\"\n", "line\tbreak\\");
        m.put("n", 42L);
        m.put("d", -0.125);
        m.put("list", List.of(1L, "two", false));
        Object back = Json.parse(Json.write(m));
        assertThat(back).isEqualTo(m);
    }

    @Test
    void parseErrorsNameThePosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\": [1, 2,}")).isInstanceOf(Json.Error.class)
                .satisfies(e -> assertThat(((Json.Error) e).position()).isEqualTo(12));
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("after the JSON value");
    }
}
