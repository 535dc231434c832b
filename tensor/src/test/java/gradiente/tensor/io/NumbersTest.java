package gradiente.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void integralValuesHaveNoFractionOthersAreShortestRoundTrip() {
        assertThat(Numbers.shortest(3.0)).isEqualTo("3");
        assertThat(Numbers.shortest(-12.0)).isEqualTo("-12");
        assertThat(Numbers.shortest(-0.25)).isEqualTo("-0.25");
        assertThat(Numbers.shortest(0.1)).isEqualTo("0.1");
        assertThat(Numbers.shortest(1e-7)).isEqualTo("1.0E-7");
        assertThat(Numbers.shortest(1e15)).isEqualTo("1.0E15");
        assertThat(Numbers.shortest(999_999_999_999_999.0)).isEqualTo("999999999999999");
        assertThat(Numbers.shortest(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void compactUsesSignificantDigitsForFractions() {
        assertThat(Numbers.compact(6.0, 4)).isEqualTo("6");
        assertThat(Numbers.compact(2.0 / 3.0, 4)).isEqualTo("0.6667");
        assertThat(Numbers.compact(-123.456, 2)).isEqualTo("-1.2e+02");
    }

    @Property
    void shortestReadsBackToTheSameDouble(@ForAll double v) {
        assertThat(Double.parseDouble(Numbers.shortest(v))).isEqualTo(v == 0 ? 0.0 : v);
    }
}
