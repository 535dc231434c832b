package gradiente.mnist.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.mnist.Dataset;
import gradiente.mnist.Scaling;
import gradiente.mnist.SyntheticData;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    private static final Dataset DATA = SyntheticData.digits(23, 3, 2, Scaling.ZERO_ONE);

    private static List<Batch> all(DataLoader l, int epoch) {
        List<Batch> out = new ArrayList<>();
        l.epoch(epoch).forEach(out::add);
        return out;
    }

    private static int[] visited(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void inOrderWithPartialLastBatch() {
        List<Batch> b = all(DataLoader.of(DATA, 5), 0);
        assertThat(b).extracting(Batch::size).containsExactly(5, 5, 5, 5, 3);
        assertThat(visited(b)).containsExactly(java.util.stream.IntStream.range(0, 23).toArray());
        assertThat(b.get(4).images().shape()).containsExactly(3, 1, 3, 2);
        assertThat(b.get(4).labels()).containsExactly(0, 1, 2);
    }

    @Test
    void dropLastDropsOnlyTheShortBatch() {
        DataLoader l = DataLoader.of(DATA, 5).dropLast(true);
        assertThat(l.batchesPerEpoch()).isEqualTo(4);
        assertThat(all(l, 0)).extracting(Batch::size).containsExactly(5, 5, 5, 5);
        assertThat(DataLoader.of(DATA, 23).dropLast(true).batchesPerEpoch()).isEqualTo(1);
    }

    @Property(tries = 40)
    void shuffledEpochIsAPermutationAndImagesFollowTheirLabels(@ForAll @IntRange(min = 1, max = 30) int batch,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int epoch) {
        List<Batch> b = all(DataLoader.of(DATA, batch).shuffled(seed), epoch);
        int[] seen = visited(b);
        assertThat(Arrays.stream(seen).sorted().toArray()).containsExactly(java.util.stream.IntStream.range(0, 23).toArray());
        for (Batch x : b) {
            for (int i = 0; i < x.size(); i++) {
                int j = x.indices()[i];
                assertThat(x.labels()[i]).isEqualTo(DATA.labels()[j]);
                Tensor img = x.images().select(0, i);
                assertThat(img.toFloatArray()).containsExactly(DATA.images().select(0, j).contiguous().toFloatArray());
            }
        }
    }

    @Test
    void shufflingIsReproducibleAndChangesPerEpoch() {
        DataLoader a = DataLoader.of(DATA, 4).shuffled(42);
        DataLoader b = DataLoader.of(DATA, 4).shuffled(42);
        assertThat(visited(all(a, 3))).containsExactly(visited(all(b, 3)));
        assertThat(a.order(3)).containsExactly(b.order(3));
        assertThat(a.order(3)).isNotEqualTo(a.order(4));
        assertThat(a.order(0)).isNotEqualTo(DataLoader.of(DATA, 4).shuffled(43).order(0));
        assertThat(a.order(0)).isNotEqualTo(DataLoader.of(DATA, 4).order(0));
        // resuming at epoch 3 needs only the epoch number: a fresh loader gives the same order
        assertThat(DataLoader.of(DATA, 4).shuffled(42).order(3)).containsExactly(a.order(3));
    }

    @Test
    void oneHotEncodesLabels() {
        Batch b = all(DataLoader.of(DATA, 4), 0).get(2);
        Tensor oh = b.oneHot();
        assertThat(oh.shape()).containsExactly(4, 10);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 10; k++) {
                assertThat(oh.get(i, k)).isEqualTo(k == b.labels()[i] ? 1.0 : 0.0);
            }
        }
        assertThatThrownBy(() -> OneHot.of(new int[] {1, 10}, 10)).hasMessage("oneHot: label 10 at position 1 is outside 0..9");
        assertThatThrownBy(() -> DataLoader.of(DATA, 0)).hasMessage("DataLoader: batch size must be positive, got 0");
    }
}
