package gradiente.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The named streams reproduce the seeds the commands derived by hand before they had names (the
 * expressions below are those call sites' expressions, copied), so every run draws what it drew before.
 */
class RandomStreamTest {
    private static long oldShuffle(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }

    @Property
    void everyStreamDerivesTodaysSeed(@ForAll long seed, @ForAll @IntRange(min = 0, max = 10_000) int epoch) {
        assertThat(RandomStream.INIT.seed(seed)).isEqualTo(seed);
        assertThat(RandomStream.DROPOUT.seed(seed)).isEqualTo(seed ^ 0x5DEECE66DL);
        assertThat(RandomStream.VAE_EPS.seed(seed)).isEqualTo(seed ^ 0x5DEECE66DL);
        assertThat(RandomStream.LATENT_NOISE.seed(seed)).isEqualTo(seed * 0x9E3779B97F4A7C15L + 1);
        assertThat(RandomStream.FIXED_NOISE.seed(seed)).isEqualTo(seed ^ 0x7F4A7C15L);
        assertThat(RandomStream.FINAL_SAMPLES.seed(seed)).isEqualTo(seed ^ 0x0123456789ABCDEFL);
        assertThat(RandomStream.RECALIBRATION.seed(seed, epoch)).isEqualTo((seed ^ 0x2545F4914F6CDD1DL) + epoch);
        assertThat(RandomStream.SHUFFLE.seed(seed, epoch)).isEqualTo(oldShuffle(seed, epoch));
    }

    @Test
    void theDefaultSeedsGiveTheseNumbers() {
        long seed = 42;
        assertThat(RandomStream.FIXED_NOISE.seed(seed)).isEqualTo(2135587903L);
        assertThat(RandomStream.LATENT_NOISE.seed(seed)).isEqualTo(42L * -7046029254386353131L + 1);
        assertThat(Generator.derive(seed, RandomStream.DROPOUT).nextLong()).isEqualTo(new Generator(42 ^ 25214903917L).nextLong());
        assertThat(Generator.derive(seed, RandomStream.SHUFFLE, 2).permutation(10))
                .isEqualTo(new Generator(oldShuffle(42, 2)).permutation(10));
    }

    @Test
    void streamsOfOneSeedAreDistinctExceptTheTwoThatAlwaysShared() {
        Set<Long> seeds = new HashSet<>();
        for (RandomStream s : RandomStream.values()) {
            if (s != RandomStream.VAE_EPS) {
                assertThat(seeds.add(s.indexed() ? s.seed(1234, 1) : s.seed(1234))).as(s.name()).isTrue();
            }
        }
        assertThat(Arrays.stream(RandomStream.values()).filter(RandomStream::indexed))
                .containsExactly(RandomStream.RECALIBRATION, RandomStream.SHUFFLE);
    }

    @Test
    void aStreamDrawnOncePerRunRejectsAnIndex() {
        assertThatThrownBy(() -> RandomStream.FIXED_NOISE.seed(1, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FIXED_NOISE").hasMessageContaining("3");
    }
}
