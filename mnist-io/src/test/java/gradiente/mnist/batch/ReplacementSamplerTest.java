package gradiente.mnist.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.Dataset;
import gradiente.mnist.Scaling;
import gradiente.mnist.SyntheticData;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplacementSamplerTest {
    private final Dataset data = SyntheticData.digits(10, 2, 3, Scaling.ZERO_ONE);

    @Test
    void drawsIndependentlyWithReplacementAndReproducibly() {
        ReplacementSampler s = new ReplacementSampler(data, new Generator(3), Device.CPU);
        Batch b = s.next(40);
        assertThat(b.size()).isEqualTo(40);
        assertThat(b.images().shape()).containsExactly(40, 1, 2, 3);
        // 40 draws from 10 images must repeat some; a permutation never would.
        assertThat(Arrays.stream(b.indices()).distinct().count()).isLessThan(40);
        float[] px = data.hostPixels();
        float[] got = new float[40 * 6];
        double[] all = b.images().toDoubleArray();
        for (int i = 0; i < 40; i++) {
            int j = b.indices()[i];
            assertThat(b.labels()[i]).isEqualTo(data.labels()[j]);
            for (int k = 0; k < 6; k++) {
                got[i * 6 + k] = (float) all[i * 6 + k];
                assertThat(got[i * 6 + k]).isEqualTo(px[j * 6 + k]);
            }
        }
        // Uniform: over many draws every image appears about equally often.
        int[] counts = new int[10];
        for (int j : s.next(10_000).indices()) {
            counts[j]++;
        }
        assertThat(Arrays.stream(counts).min().getAsInt()).isGreaterThan(900);
        assertThat(Arrays.stream(counts).max().getAsInt()).isLessThan(1100);
        assertThat(new ReplacementSampler(data, new Generator(3), Device.CPU).next(40).indices()).containsExactly(b.indices());
    }

    @Test
    void rejectsAnEmptyDraw() {
        ReplacementSampler s = new ReplacementSampler(data, new Generator(3), Device.CPU);
        assertThatThrownBy(() -> s.next(0)).hasMessageContaining("ReplacementSampler.next: need n >= 1, got 0");
    }
}
