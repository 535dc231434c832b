package gradiente.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.autograd.Variable;
import gradiente.nn.Module;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Layers built without a generator draw from the documented default sequence ({@link Generator#nextDefault}). */
@ResourceLock("gradiente.default-generator")
class DefaultGeneratorTest {
    private static List<double[]> weights(Module m) {
        return m.parameters().stream().map(v -> v.data().toDoubleArray()).toList();
    }

    @Test
    void theKthLayerGetsTheKthSeedOfTheDefaultSequence() {
        Generator.manualSeed(Generator.DEFAULT_SEED);
        Linear first = new Linear(5, 3);
        Conv2d second = Conv2d.builder(2, 4, 3).build();

        Generator master = new Generator(Generator.DEFAULT_SEED);
        Linear first2 = new Linear(5, 3, new Generator(master.nextLong()));
        Conv2d second2 = Conv2d.builder(2, 4, 3).build(new Generator(master.nextLong()));
        assertThat(weights(first)).usingRecursiveComparison().isEqualTo(weights(first2));
        assertThat(weights(second)).usingRecursiveComparison().isEqualTo(weights(second2));
    }

    @Test
    void sameSeedSameConstructionOrderSameWeightsAndDistinctLayersDiffer() {
        Generator.manualSeed(1234);
        Linear a = new Linear(4, 4);
        Linear b = new Linear(4, 4);
        Embedding e = new Embedding(3, 2);
        Generator.manualSeed(1234);
        Linear a2 = new Linear(4, 4);
        Linear b2 = new Linear(4, 4);
        Embedding e2 = new Embedding(3, 2);

        assertThat(weights(a)).usingRecursiveComparison().isEqualTo(weights(a2));
        assertThat(weights(b)).usingRecursiveComparison().isEqualTo(weights(b2));
        assertThat(weights(e)).usingRecursiveComparison().isEqualTo(weights(e2));
        assertThat(a.weight().data().toDoubleArray()).isNotEqualTo(b.weight().data().toDoubleArray());
    }

    @Test
    void dropoutWithoutAGeneratorDrawsReproducibleMasks() {
        Tensor x = Tensor.ones(64);
        Generator.manualSeed(5);
        double[] m1 = new Dropout(0.5).forward(new Variable(x)).data().toDoubleArray();
        Generator.manualSeed(5);
        double[] m2 = new Dropout(0.5).forward(new Variable(x)).data().toDoubleArray();
        assertThat(m1).isEqualTo(m2).contains(0.0, 2.0);
    }
}
