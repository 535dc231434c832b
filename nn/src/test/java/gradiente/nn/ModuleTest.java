package gradiente.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.Variable;
import gradiente.nn.activations.ReLU;
import gradiente.nn.activations.Softmax;
import gradiente.nn.layers.BatchNorm1d;
import gradiente.nn.layers.Dropout;
import gradiente.nn.layers.Linear;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential thesisMlp(Generator g) {
        return new Sequential(new Linear(784, 128, g), new ReLU(), new Dropout(0.2, g), new Linear(128, 128, g),
                new ReLU(), new Dropout(0.2, g), new Linear(128, 10, g), new Softmax());
    }

    @Test
    void thesisMlpHasTheReportedParameterCountAndDottedNames() {
        Sequential mlp = thesisMlp(new Generator(1));
        // Thesis 4.1: 118,282 trainable parameters.
        assertThat(mlp.numParameters()).isEqualTo(118_282);
        assertThat(mlp.namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias");
        assertThat(mlp.namedParameters().get("3.weight").shape()).containsExactly(128, 128);
    }

    @Test
    void sameSeedGivesSameWeightsAndDifferentSeedDifferent() {
        Tensor a = thesisMlp(new Generator(5)).namedParameters().get("0.weight").data();
        Tensor b = thesisMlp(new Generator(5)).namedParameters().get("0.weight").data();
        Tensor c = thesisMlp(new Generator(6)).namedParameters().get("0.weight").data();
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(a.allClose(c, 0, 0)).isFalse();
        double bound = 1 / Math.sqrt(784);
        assertThat(a.abs().max().item()).isLessThanOrEqualTo(bound);
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential inner = new Sequential(new BatchNorm1d(3));
        Sequential outer = new Sequential(new Linear(2, 3, new Generator(1)), inner);
        outer.eval();
        outer.apply(m -> assertThat(m.isTraining()).isFalse());
        outer.train();
        assertThat(inner.get(0).isTraining()).isTrue();
        List<String> visited = new ArrayList<>();
        outer.apply(m -> visited.add(m.getClass().getSimpleName()));
        assertThat(visited).containsExactly("Linear", "BatchNorm1d", "Sequential", "Sequential");
        assertThat(outer.namedBuffers().keySet())
                .containsExactly("1.0.running_mean", "1.0.running_var", "1.0.num_batches_tracked");
    }

    @Test
    void stateDictRoundTripAndMismatchNamesTensorAndShapes() {
        Sequential a = new Sequential(new Linear(4, 3, new Generator(1)), new BatchNorm1d(3));
        Sequential b = new Sequential(new Linear(4, 3, new Generator(2)), new BatchNorm1d(3));
        a.forward(new Variable(Tensor.randn(new Generator(3), 5, 4)));
        b.loadStateDict(a.stateDict(), true);
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            assertThat(b.stateDict().get(e.getKey()).toFloatArray()).containsExactly(e.getValue().toFloatArray());
        }
        Sequential wrong = new Sequential(new Linear(5, 3, new Generator(1)), new BatchNorm1d(3));
        assertThatThrownBy(() -> wrong.loadStateDict(a.stateDict(), true))
                .hasMessageContaining("'0.weight'").hasMessageContaining("[3, 4]").hasMessageContaining("[3, 5]");
        Sequential fewer = new Sequential(new Linear(4, 3, new Generator(1)));
        assertThatThrownBy(() -> fewer.loadStateDict(a.stateDict(), true)).hasMessageContaining("'1.weight' [3]");
        fewer.loadStateDict(a.stateDict(), false);
    }

    @Test
    void zeroGradAndConversionToFloat64() {
        Sequential m = new Sequential(new Linear(2, 2, new Generator(1)));
        m.forward(new Variable(Tensor.ones(1, 2))).sum().backward();
        assertThat(m.parameters()).allSatisfy(p -> assertThat(p.grad()).isNotNull());
        m.zeroGrad();
        assertThat(m.parameters()).allSatisfy(p -> assertThat(p.grad()).isNull());
        float[] before = m.parameters().get(0).data().toFloatArray();
        m.to(DType.FLOAT64);
        assertThat(m.parameters().get(0).data().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(m.parameters().get(0).data().get(1, 1)).isEqualTo(before[3]);
        assertThat(m.toString()).contains("Linear(in=2, out=2, bias=true)");
    }

    @Test
    void duplicateAndDottedNamesAreRejected() {
        Module m = new Module() {
            {
                addParameter("w", Tensor.zeros(1));
            }
        };
        assertThat(m.namedParameters()).containsKey("w");
        assertThatThrownBy(() -> new Module() {
            {
                addParameter("w", Tensor.zeros(1));
                addBuffer("w", Tensor.zeros(1));
            }
        }).hasMessageContaining("'w' is already registered");
        assertThatThrownBy(() -> new Module() {
            {
                addParameter("a.b", Tensor.zeros(1));
            }
        }).hasMessageContaining("'a.b'");
    }
}
