package gradiente.generative.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.Scaling;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Thesis 3.3, controlled generation: the class direction found with a classifier. */
class LatentDirectionTest {
    /** A decoder whose 2x2 image is bright when z_0 + z_2 > 0, for a 4-d latent space. */
    private static final LatentDecoder TOY = new LatentDecoder() {
        @Override
        public String model() {
            return "toy";
        }

        @Override
        public int latentDim() {
            return 4;
        }

        @Override
        public int classes() {
            return 0;
        }

        @Override
        public Scaling scaling() {
            return Scaling.ZERO_ONE;
        }

        @Override
        public Tensor decode(Tensor z, Tensor condition) {
            int n = z.size(0);
            double[] v = z.toDoubleArray();
            double[] px = new double[n * 4];
            for (int i = 0; i < n; i++) {
                double s = 1 / (1 + Math.exp(-(v[i * 4] + v[i * 4 + 2])));
                java.util.Arrays.fill(px, i * 4, i * 4 + 4, s);
            }
            return Tensor.of(px, n, 1, 2, 2);
        }
    };

    /** Class 1 for bright images, 0 for dark ones. */
    private static final Function<Tensor, int[]> BRIGHT = images -> {
        double[] v = images.toDoubleArray();
        int[] out = new int[images.size(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i * 4] > 0.5 ? 1 : 0;
        }
        return out;
    };

    @Test
    void directionPointsAlongTheFeatureAndWalksCrossTheBoundary() {
        LatentDirection d = LatentDirection.find(TOY, BRIGHT, 0, 1, 4000, new Generator(3));
        assertThat(d.fromCount() + d.toCount()).isEqualTo(4000);
        double[] v = d.direction().toDoubleArray();
        // E[z | z0 + z2 > 0] - E[z | z0 + z2 < 0] = 2 * sqrt(2/pi) / sqrt(2) on z0 and z2 (about 1.13), 0 elsewhere.
        assertThat(v[0]).isBetween(1.0, 1.25);
        assertThat(v[2]).isBetween(1.0, 1.25);
        assertThat(Math.abs(v[1])).isLessThan(0.1);
        assertThat(Math.abs(v[3])).isLessThan(0.1);
        Tensor walks = d.walks(5, 4, 3.0);
        assertThat(walks.shape()).containsExactly(20, 4);
        int[] cls = BRIGHT.apply(TOY.decode(walks, null));
        for (int r = 0; r < 5; r++) {
            assertThat(cls[r * 4]).isZero();
        }
        int ended = 0;
        for (int r = 0; r < 5; r++) {
            ended += cls[r * 4 + 3];
        }
        assertThat(ended).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aClassNeverSeenIsReported() {
        assertThatThrownBy(() -> LatentDirection.find(TOY, BRIGHT, 0, 7, 100, new Generator(1)))
                .hasMessageContaining("0 of class 7");
    }
}
