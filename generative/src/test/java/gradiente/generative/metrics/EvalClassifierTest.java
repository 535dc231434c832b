package gradiente.generative.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.generative.classify.CnnClassifier;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation classifier's file (checksum), its outputs, and the generative scores, on a 4-filter CNN. */
class EvalClassifierTest {
    @TempDir
    Path tmp;

    private static CnnClassifier tiny(long seed) {
        return new CnnClassifier(28, 28, 10, 4, 0.25, new Generator(seed), new Generator(seed + 1));
    }

    /** Images [n,1,28,28] in [0,1]: a bright square at (row, col) on noise. */
    private static Tensor blobs(int n, long seed, int row, int col) {
        Tensor noise = Tensor.rand(new Generator(seed), n, 1, 28, 28).mul(0.2);
        float[] v = noise.toFloatArray();
        for (int i = 0; i < n; i++) {
            for (int y = row; y < row + 8; y++) {
                for (int x = col; x < col + 8; x++) {
                    v[i * 784 + y * 28 + x] = 1f;
                }
            }
        }
        return Tensor.of(v, n, 1, 28, 28);
    }

    @Test
    void savedFileLoadsToTheSameOutputsAndAChangedByteIsRefused() throws Exception {
        CnnClassifier net = tiny(1);
        EvalClassifier original = new EvalClassifier(net);
        Tensor x = blobs(6, 2, 4, 4);
        EvalClassifier.RealStats real = GenerativeEvaluation.realStats(original, blobs(20, 3, 4, 4), blobs(20, 4, 4, 4), 16, "test");
        Path file = tmp.resolve("c.safetensors");
        String sha = EvalClassifier.save(file, net, real, Map.of("seed", "1"));
        assertThat(Files.readString(tmp.resolve("c.safetensors.sha256"))).startsWith(sha + "  c.safetensors");

        EvalClassifier loaded = EvalClassifier.load(file);
        assertThat(loaded.sha256()).isEqualTo(sha);
        assertThat(loaded.info()).containsEntry("seed", "1");
        assertThat(loaded.logits(x).toFloatArray()).containsExactly(original.logits(x).toFloatArray());
        assertThat(loaded.features(x).shape()).containsExactly(6, 64);
        for (double s : loaded.probabilities(x).sum(1, false).toDoubleArray()) {
            assertThat(s).isCloseTo(1.0, within(1e-5));
        }
        assertThat(loaded.realStats().floor()).isEqualTo(real.floor());
        assertThat(loaded.realStats().mu().toDoubleArray()).containsExactly(real.mu().toDoubleArray());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> EvalClassifier.load(file)).hasMessageContaining("SHA-256").hasMessageContaining(sha)
                .hasMessageContaining("corrupt");
    }

    @Test
    void theBundledClassifierMatchesItsChecksumAndReadsDigits() throws Exception {
        EvalClassifier c = EvalClassifier.bundled();
        assertThat(c.sha256()).hasSize(64);
        assertThat(c.network().numParameters()).isEqualTo(CnnClassifier.PARAMETERS);
        assertThat(c.realStats()).isNotNull();
        assertThat(c.realStats().floor()).isGreaterThan(0);
        assertThat(c.realStats().description()).contains("mnist/test (10000 images)");
        assertThat(c.realStats().mu().shape()).containsExactly(CnnClassifier.HIDDEN);
        assertThat(c.info()).containsEntry("seed", "1234").containsEntry("model", "cnn");
        assertThat(Double.parseDouble(c.info().get("test_accuracy"))).isGreaterThan(0.98);
        assertThat(c.logits(blobs(2, 1, 10, 10)).shape()).containsExactly(2, 10);
    }

    @Test
    void fidIsZeroForTheReferenceImagesAndGrowsWithAShift() {
        EvalClassifier c = new EvalClassifier(tiny(5));
        Tensor reference = blobs(100, 6, 4, 4);
        EvalClassifier.RealStats real = GenerativeEvaluation.realStats(c, reference, blobs(100, 7, 4, 4), 64, "blobs");
        GenerativeEvaluation same = GenerativeEvaluation.of(c, ImageSource.of(reference), 100, 64, real, null);
        assertThat(same.fid()).isCloseTo(0.0, within(1e-6));
        assertThat(real.floor()).as("another sample of the same distribution").isGreaterThan(0);
        GenerativeEvaluation near = GenerativeEvaluation.of(c, ImageSource.of(blobs(100, 8, 6, 6)), 100, 64, real, null);
        GenerativeEvaluation far = GenerativeEvaluation.of(c, ImageSource.of(blobs(100, 8, 16, 16)), 100, 64, real, null);
        assertThat(near.fid()).isGreaterThan(real.floor());
        assertThat(far.fid()).isGreaterThan(near.fid());
        assertThat(far.report()).contains("fid=").contains("real_vs_real_floor=");
    }

    @Test
    void oneClassImagesRaiseTheModeCollapseAlarmAndAgreementCountsRequestedClasses() {
        EvalClassifier c = new EvalClassifier(tiny(9));
        Tensor images = blobs(40, 10, 8, 8);
        EvalClassifier.Scores s = c.score(images, 16);
        ClassHistogram h = s.histogram(10);
        assertThat(h.total()).isEqualTo(40);
        int top = 0;
        for (int k = 0; k < 10; k++) {
            top = h.counts()[k] > h.counts()[top] ? k : top;
        }
        assertThat(h.counts()[top]).as("near-identical images land in one class").isGreaterThan(30);
        EvalClassifier.RealStats real = GenerativeEvaluation.realStats(c, images, blobs(40, 11, 8, 8), 16, "blobs");
        int[] wanted = new int[40];
        java.util.Arrays.fill(wanted, top);
        GenerativeEvaluation ev = GenerativeEvaluation.of(c, ImageSource.of(images), 40, 16, real, wanted);
        assertThat(ev.modeCollapse()).isTrue();
        assertThat(ev.report()).contains("RAISED").contains("conditional_accuracy=");
        assertThat(ev.agreement()).isEqualTo(h.counts()[top] / 40.0);
        assertThat(ev.histogram().meanConfidence()).isBetween(0.1, 1.0);
    }
}
