package gradiente.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.autograd.Variable;
import gradiente.nn.Sequential;
import gradiente.nn.layers.BatchNorm1d;
import gradiente.nn.layers.Linear;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bias-corrected moving average against its definition, computed independently: after t updates
 * with weights w_1..w_t, avg_t = sum_k decay^(t-k) (1 - decay) w_k / (1 - decay^t).
 */
class WeightAverageTest {

    private static Sequential net(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(3, 4, g), new BatchNorm1d(4), new Linear(4, 2, g));
    }

    @Test
    void matchesTheBiasCorrectedWeightedMeanOfTheVisitedWeights() {
        double decay = 0.7;
        Sequential src = net(1);
        Sequential avg = net(2); // different start: the first update must overwrite it entirely
        WeightAverage wa = new WeightAverage(src, avg, decay);
        Generator noise = new Generator(9);
        List<Map<String, double[]>> visited = new ArrayList<>();
        for (int t = 1; t <= 5; t++) {
            // Move the source somewhere new, parameters and running statistics alike.
            src.train();
            src.forward(new Variable(Tensor.randn(noise, DType.FLOAT32, 8, 3)));
            for (Variable p : src.parameters()) {
                p.data().addInPlace(Tensor.randn(noise, DType.FLOAT32, p.data().shape()), 1);
            }
            Map<String, double[]> snap = new java.util.LinkedHashMap<>();
            src.stateDict().forEach((k, v) -> snap.put(k, v.to(DType.FLOAT64).toDoubleArray()));
            visited.add(snap);
            wa.update();
            assertThat(wa.steps()).isEqualTo(t);
            for (Map.Entry<String, Tensor> e : avg.stateDict().entrySet()) {
                double[] got = e.getValue().to(DType.FLOAT64).toDoubleArray();
                if (e.getKey().endsWith("num_batches_tracked")) {
                    assertThat(got[0]).as("counter copied").isEqualTo(visited.get(t - 1).get(e.getKey())[0]);
                    continue;
                }
                double norm = 1 - Math.pow(decay, t);
                for (int i = 0; i < got.length; i++) {
                    double want = 0;
                    for (int k = 1; k <= t; k++) {
                        want += Math.pow(decay, t - k) * (1 - decay) * visited.get(k - 1).get(e.getKey())[i];
                    }
                    assertThat(got[i]).as(e.getKey() + "[" + i + "] after " + t).isCloseTo(want / norm, within(2e-5));
                }
            }
        }
    }

    @Test
    void resumedCountContinuesTheCorrection() {
        WeightAverage wa = new WeightAverage(net(1), net(1), 0.99);
        assertThat(wa.nextRate()).isEqualTo(1.0);
        wa.steps(1000);
        assertThat(wa.nextRate()).isCloseTo(0.01 / (1 - Math.pow(0.99, 1001)), within(1e-15));
    }

    @Test
    void rejectsADifferentArchitectureOrABadDecay() {
        Generator g = new Generator(3);
        assertThatThrownBy(() -> new WeightAverage(new Linear(3, 4, g), new Linear(3, 5, g), 0.9))
                .hasMessageContaining("WeightAverage").hasMessageContaining("weight").hasMessageContaining("[4, 3]")
                .hasMessageContaining("[5, 3]");
        assertThatThrownBy(() -> new WeightAverage(new Linear(3, 4, g), new Linear(3, 4, false, g), 0.9))
                .hasMessageContaining("bias");
        assertThatThrownBy(() -> new WeightAverage(net(1), net(1), 1.0)).hasMessageContaining("decay");
        assertThatThrownBy(() -> new WeightAverage(net(1), net(1), -0.1)).hasMessageContaining("decay");
    }
}
