package gradiente.autograd.golden;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.autograd.Autograd;
import gradiente.autograd.Variable;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import gradiente.testdata.GoldenArray;
import gradiente.testdata.GoldenCase;
import gradiente.testdata.GoldenCompare;
import gradiente.testdata.GoldenFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Replays PyTorch golden cases (test-data, computed in float64) through the autograd layer: builds the
 * inputs as variables of the chosen dtype, runs the op the case names, and compares the forward result
 * and the gradients of {@code L = sum(out * upstream)} with the stored ones. Second-order cases
 * ({@code *_gradpenalty}) also compare the penalty {@code P = sum((dL/dx)^2)}, with {@code dL/dx}
 * computed with create-graph, and {@code dP/d input}.
 *
 * <p>Tolerances (relative, with the tensor-scaled floor of {@link GoldenCompare}): float64 holds every
 * value to {@link GoldenCompare#FLOAT64_RTOL}; float32 (inputs rounded to float32) holds forward values
 * to {@value #FLOAT32_FORWARD_RTOL} and gradients to {@value #FLOAT32_GRAD_RTOL}, plus {@value #FLOAT32_ULPS_OF_MAX}
 * float32 ulps of the tensor's largest magnitude. The float32 replay
 * leaves out the saturation cases (names containing {@code _large}: sigmoid, tanh, softplus and softmax
 * of inputs of size 15 to 60), whose gradients lie below float32 resolution ({@code 1 - tanh(x)^2} is 0
 * in float32 for {@code |x| > 9}); they exist to test the stable float64 formulas.
 *
 * <p>A case whose op has no entry in the op table fails (it is never skipped), so a new golden op
 * without a Java counterpart is noticed.
 */
final class GoldenRunner {
    static final double FLOAT32_FORWARD_RTOL = 1e-5;
    static final double FLOAT32_GRAD_RTOL = 1e-4;
    /**
     * Float32 replays also allow this many ulps of the tensor's largest magnitude: an entry that cancels
     * (terms of size 60 summing to 0.07) cannot be computed in float32 more exactly than that, whatever
     * the order of summation, and the relative floor alone is below one ulp.
     */
    static final int FLOAT32_ULPS_OF_MAX = 8;

    private final Map<String, GoldenOp> ops;
    private final DType dtype;
    private final double forwardRtol;
    private final double gradRtol;

    GoldenRunner(Map<String, GoldenOp> ops, DType dtype) {
        this(ops, dtype, FLOAT32_FORWARD_RTOL);
    }

    /** With another float32 forward tolerance (float64 and float32 gradients keep the defaults). */
    GoldenRunner(Map<String, GoldenOp> ops, DType dtype, double float32ForwardRtol) {
        this.ops = ops;
        this.dtype = dtype;
        boolean f64 = dtype == DType.FLOAT64;
        this.forwardRtol = f64 ? GoldenCompare.FLOAT64_RTOL : float32ForwardRtol;
        this.gradRtol = f64 ? GoldenCompare.FLOAT64_RTOL : FLOAT32_GRAD_RTOL;
    }

    /** One container per file of the group, one test per case. */
    Stream<DynamicNode> group(String group) {
        List<GoldenFile> files = GoldenFile.loadGroup(group);
        return files.stream().map(f -> DynamicContainer.dynamicContainer(f.resource() + " " + dtype,
                f.cases().stream().filter(this::applies).map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)))));
    }

    private boolean applies(GoldenCase c) {
        return dtype == DType.FLOAT64 || !c.name().contains("_large");
    }

    private Tensor tensor(GoldenArray a) {
        return Tensor.of(a.data(), dtype, a.shape());
    }

    void run(GoldenCase c) {
        GoldenOp op = ops.get(c.op());
        if (op == null) {
            throw new AssertionError(c.id() + ": no Java implementation registered for op '" + c.op() + "'");
        }
        Map<String, Variable> in = new LinkedHashMap<>();
        List<String> diff = c.differentiableInputs();
        for (String name : c.inputNames()) {
            Tensor t = tensor(c.array(name));
            in.put(name, diff.contains(name) ? Variable.parameter(t) : new Variable(t));
        }
        Variable out = op.apply(c, in);
        check(c, GoldenCase.OUT, out.data(), forwardRtol);
        if (diff.isEmpty()) {
            return;
        }
        if (c.isSecondOrder()) {
            secondOrder(c, in, diff, out);
            return;
        }
        out.backward(tensor(c.array(GoldenCase.UPSTREAM)), false, false);
        for (String name : diff) {
            Tensor g = in.get(name).grad();
            assertThat(g).as(c.id() + ": no gradient reached input " + name).isNotNull();
            check(c, GoldenCase.GRAD_PREFIX + name, g, gradRtol);
        }
    }

    private void secondOrder(GoldenCase c, Map<String, Variable> in, List<String> diff, Variable out) {
        List<Variable> leaves = new ArrayList<>();
        for (String name : diff) {
            leaves.add(in.get(name));
        }
        Variable loss = out.mul(new Variable(tensor(c.array(GoldenCase.UPSTREAM)))).sum();
        Variable[] first = Autograd.grad(new Variable[] {loss}, null, leaves.toArray(new Variable[0]), true, true, false);
        for (int i = 0; i < diff.size(); i++) {
            check(c, GoldenCase.GRAD_PREFIX + diff.get(i), first[i].data(), gradRtol);
        }
        Variable penalty = first[0].square().sum();
        check(c, GoldenCase.PENALTY, penalty.data(), gradRtol);
        penalty.backward();
        for (int i = 0; i < diff.size(); i++) {
            Tensor g = leaves.get(i).grad();
            check(c, GoldenCase.GRAD2_PREFIX + diff.get(i), g != null ? g : leaves.get(i).data().zerosLike(), gradRtol);
        }
    }

    private void check(GoldenCase c, String name, Tensor actual, double rtol) {
        double atol = 0;
        if (dtype == DType.FLOAT32) {
            double maxAbs = 0;
            for (double v : c.array(name).data()) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            atol = FLOAT32_ULPS_OF_MAX * Math.ulp((float) maxAbs);
        }
        GoldenCompare.assertClose(c, name, actual.shape(), actual.toDoubleArray(), rtol, atol);
    }
}
