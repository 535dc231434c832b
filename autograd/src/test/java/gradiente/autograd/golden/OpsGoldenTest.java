package gradiente.autograd.golden;

import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.testdata.GoldenCase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * PyTorch golden values (test-data group {@code ops}, written by {@code test-data/scripts/make_golden.py})
 * for the autograd layer: element-wise maps, broadcasting binary ops, reductions, softmax and
 * log-softmax, training-mode batch normalisation, matmul, indexing, views composed with ops, and a second-order (gradient penalty) case.
 * Forward values and gradients must match to a relative 1e-10 in float64; in float32, forward values
 * to 1e-5 and gradients to 1e-4.
 */
class OpsGoldenTest {
    private static final Map<String, GoldenOp> OPS = new HashMap<>();

    private static void unary(String op, UnaryOperator<Variable> f) {
        OPS.put(op, (c, in) -> f.apply(in.get("x")));
    }

    private static void binary(String op, BinaryOperator<Variable> f) {
        OPS.put(op, (c, in) -> f.apply(in.get("x"), in.get("y")));
    }

    private static int[] dims(GoldenCase c) {
        return c.hasParam("dims") ? c.intArrayParam("dims") : null;
    }

    private static Variable[] abc(Map<String, Variable> in) {
        return new Variable[] {in.get("a"), in.get("b"), in.get("c")};
    }

    static {
        unary("exp", Variable::exp);
        unary("log", Variable::log);
        unary("tanh", Variable::tanh);
        unary("sigmoid", Variable::sigmoid);
        unary("relu", Variable::relu);
        unary("softplus", Variable::softplus);
        unary("sqrt", Variable::sqrt);
        unary("abs", Variable::abs);
        unary("square", Variable::square);
        unary("neg", Variable::neg);
        OPS.put("leaky_relu", (c, in) -> in.get("x").leakyRelu(c.doubleParam("slope")));
        OPS.put("pow", (c, in) -> c.hasParam("exponent") ? in.get("x").pow(c.doubleParam("exponent"))
                : in.get("x").pow(in.get("y")));
        OPS.put("clamp", (c, in) -> in.get("x").clamp(c.doubleParam("lo"), c.doubleParam("hi")));

        binary("add", Variable::add);
        binary("sub", Variable::sub);
        binary("mul", Variable::mul);
        binary("div", Variable::div);
        binary("maximum", Variable::maximum);
        binary("minimum", Variable::minimum);
        OPS.put("where", (c, in) -> Variable.where(in.get("cond").data(), in.get("x"), in.get("y")));

        OPS.put("sum", (c, in) -> in.get("x").sum(dims(c), c.boolParam("keepdim")));
        OPS.put("mean", (c, in) -> in.get("x").mean(dims(c), c.boolParam("keepdim")));
        OPS.put("max", (c, in) -> in.get("x").max(dims(c), c.boolParam("keepdim")));
        OPS.put("min", (c, in) -> in.get("x").min(dims(c), c.boolParam("keepdim")));
        unary("sum_all", Variable::sum);
        unary("mean_all", Variable::mean);
        unary("max_all", Variable::max);
        unary("min_all", Variable::min);
        OPS.put("var", (c, in) -> in.get("x").variance(dims(c), c.boolParam("keepdim"), c.intParam("correction")));
        OPS.put("argmax", (c, in) -> new Variable(in.get("x").data().argmax(c.intParam("dim"), c.boolParam("keepdim"))));
        OPS.put("argmin", (c, in) -> new Variable(in.get("x").data().argmin(c.intParam("dim"), c.boolParam("keepdim"))));

        OPS.put("softmax", (c, in) -> in.get("x").softmax(c.intParam("dim")));
        OPS.put("log_softmax", (c, in) -> in.get("x").logSoftmax(c.intParam("dim")));
        OPS.put("batch_norm", (c, in) -> in.containsKey("weight")
                ? new gradiente.autograd.functions.BatchNorm(c.doubleParam("eps")).apply(in.get("x"), in.get("weight"), in.get("bias"))
                : new gradiente.autograd.functions.BatchNorm(c.doubleParam("eps")).apply(in.get("x")));
        binary("matmul", Variable::matmul);

        OPS.put("gather", (c, in) -> in.get("x").gather(c.intParam("dim"), in.get("index").data()));
        OPS.put("index_select", (c, in) -> in.get("x").indexSelect(c.intParam("dim"), in.get("index").data()));
        OPS.put("concat", (c, in) -> Variable.concat(c.intParam("dim"), abc(in)));
        OPS.put("stack", (c, in) -> Variable.stack(c.intParam("dim"), abc(in)));

        // views composed with ops: the expressions of VIEW_CHAINS in make_golden.py
        binary("transpose_mul", (x, y) -> x.t().mul(y));
        binary("permute_add_sum", (x, y) -> x.permute(2, 0, 1).add(y).sum(1, false));
        unary("slice_step_exp", x -> x.slice(1, 1, 6, 2).exp());
        binary("narrow_matmul", (x, y) -> x.narrow(0, 1, 3).matmul(y));
        binary("expand_mul", (x, y) -> x.expand(3, 4).mul(y));
        unary("flip_tanh", x -> x.flip(1).tanh());
        unary("reshape_softmax", x -> x.reshape(3, 4).softmax(1));
        binary("unsqueeze_mul", (x, y) -> x.unsqueeze(1).mul(y));
        unary("select_log_softmax", x -> x.select(1, 2).logSoftmax(-1));
        binary("transpose_matmul_sum", (x, y) -> x.transpose(1, 2).matmul(y).sum(-1, true));
        unary("flatten_mean", x -> x.flatten(1, 2).mean(1, false));

        OPS.put("mlp_gradpenalty", (c, in) -> in.get("x").matmul(in.get("w")).add(in.get("b")).tanh());
    }

    @TestFactory
    Stream<DynamicNode> float64() {
        return new GoldenRunner(OPS, DType.FLOAT64).group("ops");
    }

    @TestFactory
    Stream<DynamicNode> float32() {
        return new GoldenRunner(OPS, DType.FLOAT32).group("ops");
    }
}
