package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Central-difference gradient checks (float64) of every differentiable op, first and second order. */
class GradCheckOpsTest {
    private static final Generator GEN = new Generator(7);

    private static Tensor randn(int... shape) {
        return Tensor.randn(GEN, DType.FLOAT64, shape);
    }

    /** Values bounded away from 0 (for log, sqrt, div, pow). */
    private static Tensor positive(int... shape) {
        return Tensor.uniform(GEN, 0.5, 2.0, DType.FLOAT64, shape);
    }

    /** Values bounded away from the kinks of piecewise functions. */
    private static Tensor awayFromZero(int... shape) {
        Tensor u = Tensor.uniform(GEN, 0.2, 1.5, DType.FLOAT64, shape);
        Tensor s = Tensor.bernoulli(GEN, 0.5, DType.FLOAT64, shape).mul(2).sub(1);
        return u.mul(s);
    }

    /** A non-contiguous float64 tensor: the transpose of a contiguous one. */
    private static Tensor transposed(int rows, int cols) {
        return randn(cols, rows).t();
    }

    private static Arguments op(String name, Function<Variable[], Variable> f, Tensor... in) {
        return Arguments.of(Named.of(name, f), in);
    }

    static Stream<Arguments> ops() {
        Tensor idx = Tensor.of(new double[] {2, 0, 1, 1, 0, 2}, 2, 3);
        Tensor cond = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, 2, 3);
        return Stream.of(
                op("add broadcast", v -> v[0].add(v[1]), randn(3, 4), randn(4)),
                op("sub broadcast", v -> v[0].sub(v[1]), randn(3, 1), randn(1, 4)),
                op("mul broadcast", v -> v[0].mul(v[1]), randn(2, 3, 4), randn(3, 1)),
                op("div", v -> v[0].div(v[1]), randn(3, 4), positive(3, 4)),
                op("pow tensor", v -> v[0].pow(v[1]), positive(3, 4), randn(4)),
                op("scalar ops", v -> v[0].mul(3).add(2).sub(1).div(4), randn(5)),
                op("neg", v -> v[0].neg(), randn(5)),
                op("maximum", v -> v[0].maximum(v[1]), randn(3, 4), randn(3, 4)),
                op("minimum", v -> v[0].minimum(v[1]), randn(3, 4), randn(4)),
                op("where", v -> Variable.where(cond, v[0], v[1]), randn(2, 3), randn(3)),
                op("exp", v -> v[0].exp(), randn(3, 4)),
                op("log", v -> v[0].log(), positive(3, 4)),
                op("sqrt", v -> v[0].sqrt(), positive(3, 4)),
                op("sigmoid", v -> v[0].sigmoid(), randn(3, 4)),
                op("tanh", v -> v[0].tanh(), randn(3, 4)),
                op("square", v -> v[0].square(), randn(3, 4)),
                op("pow scalar", v -> v[0].pow(3.0), randn(3, 4)),
                op("pow fractional", v -> v[0].pow(1.5), positive(3, 4)),
                op("reciprocal", v -> v[0].reciprocal(), positive(3, 4)),
                op("softplus", v -> v[0].softplus(), randn(3, 4)),
                op("relu", v -> v[0].relu(), awayFromZero(3, 4)),
                op("leaky relu", v -> v[0].leakyRelu(0.2), awayFromZero(3, 4)),
                op("abs", v -> v[0].abs(), awayFromZero(3, 4)),
                op("clamp", v -> v[0].clamp(-0.5, 0.5), awayFromZero(3, 4).mul(0.6)),
                op("sum all", v -> v[0].sum(), randn(3, 4)),
                op("sum dims keepdim", v -> v[0].sum(new int[] {0, 2}, true), randn(2, 3, 4)),
                op("sum dim", v -> v[0].sum(1, false), randn(2, 3, 4)),
                op("mean", v -> v[0].mean(new int[] {-1}, false), randn(2, 3, 4)),
                op("variance unbiased", v -> v[0].variance(new int[] {1}, false, 1), randn(3, 5)),
                op("variance population", v -> v[0].variance(null, false, 0), randn(3, 5)),
                op("max dim", v -> v[0].max(1, false), randn(3, 5)),
                op("min dims", v -> v[0].min(new int[] {0, 1}, true), randn(3, 5)),
                op("max all", v -> v[0].max(), randn(4, 5)),
                op("softmax", v -> v[0].softmax(1), randn(3, 5)),
                op("log softmax", v -> v[0].logSoftmax(0), randn(3, 5)),
                op("log softmax large inputs", v -> v[0].logSoftmax(1), randn(2, 4).mul(50)),
                op("matmul", v -> v[0].matmul(v[1]), randn(3, 4), randn(4, 2)),
                op("matmul transposed operand", v -> v[0].matmul(v[1]), transposed(3, 4), randn(4, 5)),
                op("matmul batched broadcast", v -> v[0].matmul(v[1]), randn(2, 3, 4), randn(4, 2)),
                op("matmul vector", v -> v[0].matmul(v[1]), randn(4), randn(4, 3)),
                op("matmul matrix-vector", v -> v[0].matmul(v[1]), randn(3, 4), randn(4)),
                op("reshape", v -> v[0].reshape(4, 3).mul(v[0].reshape(4, 3)), randn(3, 4)),
                op("reshape of transpose", v -> v[0].t().reshape(-1), randn(3, 4)),
                op("permute", v -> v[0].permute(2, 0, 1), randn(2, 3, 4)),
                op("transpose", v -> v[0].transpose(0, 1).matmul(v[1]), randn(3, 2), randn(3, 4)),
                op("expand", v -> v[0].expand(3, 4, 2), randn(4, 1)),
                op("slice with step", v -> v[0].slice(1, 1, 6, 2), randn(3, 7)),
                op("narrow", v -> v[0].narrow(0, 1, 2), randn(4, 3)),
                op("select", v -> v[0].select(1, 2), randn(3, 4)),
                op("flip", v -> v[0].flip(0, 1), randn(3, 4)),
                op("squeeze unsqueeze", v -> v[0].unsqueeze(1).squeeze(1), randn(3, 4)),
                op("concat", v -> Variable.concat(1, v[0], v[1]), randn(2, 3), randn(2, 2)),
                op("stack", v -> Variable.stack(0, v[0], v[1]), randn(2, 3), randn(2, 3)),
                op("gather", v -> v[0].gather(1, idx), randn(2, 3)),
                op("index select", v -> v[0].indexSelect(0, Tensor.of(new double[] {2, 0, 2}, 3)), randn(3, 4)),
                op("scatter add", v -> v[0].scatterAdd(1, idx, v[1]), randn(2, 3), randn(2, 3)),
                op("variable reused", v -> v[0].mul(v[0]).add(v[0].exp()), randn(3)),
                op("composite network", v -> v[0].matmul(v[1]).tanh().matmul(v[2]).logSoftmax(1).sum(),
                        randn(4, 3), randn(3, 5), randn(5, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void firstOrder(Function<Variable[], Variable> f, Tensor[] inputs) {
        GradCheck.check("op", f, inputs);
    }

    static Stream<Arguments> secondOrderOps() {
        return Stream.of(
                op("mul", v -> v[0].mul(v[1]), randn(3, 4), randn(4)),
                op("div", v -> v[0].div(v[1]), randn(3), positive(3)),
                op("exp", v -> v[0].exp(), randn(3, 4)),
                op("log", v -> v[0].log(), positive(3, 4)),
                op("sigmoid", v -> v[0].sigmoid(), randn(3, 4)),
                op("tanh", v -> v[0].tanh(), randn(3, 4)),
                op("sqrt", v -> v[0].sqrt(), positive(3, 4)),
                op("pow scalar", v -> v[0].pow(3.0), randn(3, 4)),
                op("softplus", v -> v[0].softplus(), randn(3, 4)),
                op("leaky relu", v -> v[0].leakyRelu(0.2).square(), awayFromZero(3, 4)),
                op("sum", v -> v[0].square().sum(1, false), randn(3, 4)),
                op("mean", v -> v[0].exp().mean(), randn(3, 4)),
                op("variance", v -> v[0].variance(new int[] {0}, false, 0), randn(4, 3)),
                op("max", v -> v[0].max(1, false).square(), randn(3, 4)),
                op("log softmax", v -> v[0].logSoftmax(1), randn(3, 4)),
                op("matmul", v -> v[0].matmul(v[1]).square(), randn(3, 4), randn(4, 2)),
                op("matmul batched", v -> v[0].matmul(v[1]).tanh(), randn(2, 3, 4), randn(4, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondOrderOps")
    void secondOrder(Function<Variable[], Variable> f, Tensor[] inputs) {
        GradCheck.checkSecondOrder("op", f, inputs);
    }

    @org.junit.jupiter.api.Test
    void aWrongGradientRuleIsCaughtWithOpArgumentAndIndex() {
        Function<Variable[], Variable> wrong = v -> new gradiente.autograd.Function() {
            @Override public String name() { return "bad"; }
            @Override protected Tensor forward(Tensor... in) { return in[0].square(); }
            @Override protected Variable[] backward(Variable g) { return new Variable[] {g.mul(input(0))}; }
        }.apply(v[0]);
        assertThatThrownBy(() -> GradCheck.check("bad_square", wrong, randn(2, 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradcheck bad_square: argument 0 [2, 2] element [0, 0]: analytic");
    }
}
