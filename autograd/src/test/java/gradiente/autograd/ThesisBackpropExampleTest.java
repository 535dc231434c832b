package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Thesis section 2.5: f(x, y, z) = max((x + y) z, 0) at x = -2, y = 3, z = 2 (figures 26-28). */
class ThesisBackpropExampleTest {
    @Test
    void forwardValuesAndPartialsMatchTheThesis() {
        Variable x = Variable.parameter(Tensor.scalar(-2, DType.FLOAT64)).named("x");
        Variable y = Variable.parameter(Tensor.scalar(3, DType.FLOAT64)).named("y");
        Variable z = Variable.parameter(Tensor.scalar(2, DType.FLOAT64)).named("z");
        Variable v = x.add(y).named("v").retainGrad();
        Variable u = z.mul(v).named("u").retainGrad();
        Variable f = u.relu().named("f").retainGrad();

        assertThat(v.item()).isEqualTo(1.0);
        assertThat(u.item()).isEqualTo(2.0);
        assertThat(f.item()).isEqualTo(2.0);

        f.backward(null, true, false);
        assertThat(f.grad().item()).isEqualTo(1.0);
        assertThat(u.grad().item()).isEqualTo(1.0);
        assertThat(z.grad().item()).isEqualTo(1.0);
        assertThat(v.grad().item()).isEqualTo(2.0);
        assertThat(x.grad().item()).isEqualTo(2.0);
        assertThat(y.grad().item()).isEqualTo(2.0);

        String dot = GraphDot.toDot(f);
        assertThat(dot).startsWith("digraph").contains("label=\"add\"").contains("label=\"mul\"")
                .contains("label=\"relu\"").contains("x\\nvalue -2\\ngrad 2").contains("z\\nvalue 2\\ngrad 1");
    }

    @Test
    void reluBlocksTheGradientWhenUIsNegative() {
        Variable x = Variable.parameter(Tensor.scalar(-5, DType.FLOAT64));
        Variable y = Variable.parameter(Tensor.scalar(3, DType.FLOAT64));
        Variable z = Variable.parameter(Tensor.scalar(2, DType.FLOAT64));
        Variable f = z.mul(x.add(y)).relu();
        f.backward();
        assertThat(f.item()).isEqualTo(0.0);
        assertThat(x.grad().item()).isEqualTo(0.0);
        assertThat(z.grad().item()).isEqualTo(0.0);
    }
}
