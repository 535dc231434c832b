package gradiente.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One golden case: an op applied to named input tensors with named parameters, and the reference
 * results.
 *
 * <p>Tensor naming convention (the generator follows it; tests rely on it):
 * <ul>
 *   <li>{@code out}: the forward result of the op;</li>
 *   <li>{@code upstream}: a random tensor of {@code out}'s shape, the upstream gradient
 *       {@code dL/d out} of the scalar loss {@code L = sum(out * upstream)};</li>
 *   <li>{@code grad_<input>}: {@code dL/d input} for each differentiable input;</li>
 *   <li>second-order cases only: {@code penalty}, the gradient penalty {@code P = sum((dL/dx)^2)} with
 *       {@code x} the first input, and {@code grad2_<input>}: {@code dP/d input};</li>
 *   <li>every other name is an input, in the order the op takes them.</li>
 * </ul>
 * Parameters are plain JSON values (ints, floats, booleans, strings, int arrays) read with the typed
 * accessors; a missing or mistyped parameter fails with the case's {@link #id() id} in the message.
 */
public final class GoldenCase {
    /** The tensor name of the forward result. */
    public static final String OUT = "out";
    /** The tensor name of the upstream gradient. */
    public static final String UPSTREAM = "upstream";
    /** The prefix of gradient tensor names: {@code grad_x} is {@code dL/dx}. */
    public static final String GRAD_PREFIX = "grad_";
    /** The tensor name of the gradient penalty {@code P = sum((dL/dx)^2)} of second-order cases. */
    public static final String PENALTY = "penalty";
    /** The prefix of second-order gradient names: {@code grad2_w} is {@code dP/dw}. */
    public static final String GRAD2_PREFIX = "grad2_";

    private final String source;
    private final String name;
    private final String op;
    private final Map<String, JsonNode> params;
    private final Map<String, GoldenArray> tensors;

    GoldenCase(String source, String name, String op, Map<String, JsonNode> params, Map<String, GoldenArray> tensors) {
        this.source = source;
        this.name = name;
        this.op = op;
        this.params = Collections.unmodifiableMap(params);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** The case name, unique within its file. */
    public String name() {
        return name;
    }

    /** The op name (for example {@code add}, {@code sum}, {@code log_softmax}). */
    public String op() {
        return op;
    }

    /** {@code <resource>#<name>}, for messages. */
    public String id() {
        return source + "#" + name;
    }

    @Override
    public String toString() {
        return id();
    }

    // ---- parameters ----

    /** The names of the parameters, in file order. */
    public Set<String> paramNames() {
        return params.keySet();
    }

    /** Whether the parameter is present and not JSON {@code null}. */
    public boolean hasParam(String key) {
        JsonNode n = params.get(key);
        return n != null && !n.isNull();
    }

    /** A parameter as text: a JSON string's value, or any other value's JSON text. */
    public String param(String key) {
        JsonNode n = required(key);
        return n.isTextual() ? n.textValue() : n.toString();
    }

    /** An integer parameter. */
    public int intParam(String key) {
        JsonNode n = required(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw bad(key, "an int", n);
        }
        return n.intValue();
    }

    /** A numeric parameter (ints are accepted). */
    public double doubleParam(String key) {
        JsonNode n = required(key);
        if (!n.isNumber()) {
            throw bad(key, "a number", n);
        }
        return n.doubleValue();
    }

    /** A boolean parameter. */
    public boolean boolParam(String key) {
        JsonNode n = required(key);
        if (!n.isBoolean()) {
            throw bad(key, "a boolean", n);
        }
        return n.booleanValue();
    }

    /** An int-array parameter such as {@code "dims": [0, 2]}. */
    public int[] intArrayParam(String key) {
        JsonNode n = required(key);
        if (!n.isArray()) {
            throw bad(key, "an int array", n);
        }
        int[] r = new int[n.size()];
        for (int i = 0; i < r.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                throw bad(key, "an int array", n);
            }
            r[i] = e.intValue();
        }
        return r;
    }

    private JsonNode required(String key) {
        JsonNode n = params.get(key);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(id() + ": no parameter '" + key + "' (has " + params.keySet() + ")");
        }
        return n;
    }

    private IllegalArgumentException bad(String key, String expected, JsonNode n) {
        return new IllegalArgumentException(id() + ": parameter '" + key + "' = " + n + " is not " + expected);
    }

    // ---- tensors ----

    /** Whether a tensor of that name is stored. */
    public boolean has(String tensorName) {
        return tensors.containsKey(tensorName);
    }

    /** A stored tensor; fails naming the case and the stored names when absent. */
    public GoldenArray array(String tensorName) {
        GoldenArray a = tensors.get(tensorName);
        if (a == null) {
            throw new IllegalArgumentException(id() + ": no tensor '" + tensorName + "' (has " + tensors.keySet() + ")");
        }
        return a;
    }

    /** All stored tensor names, in file order. */
    public Set<String> arrayNames() {
        return tensors.keySet();
    }

    /**
     * The input tensor names (everything but {@code out}, {@code upstream}, {@code penalty},
     * {@code grad_*} and {@code grad2_*}), in order.
     */
    public List<String> inputNames() {
        List<String> r = new ArrayList<>();
        for (String k : tensors.keySet()) {
            if (!k.equals(OUT) && !k.equals(UPSTREAM) && !k.equals(PENALTY) && !k.startsWith(GRAD_PREFIX)
                    && !k.startsWith(GRAD2_PREFIX)) {
                r.add(k);
            }
        }
        return r;
    }

    /** The inputs that have a stored gradient {@code grad_<input>}, in input order. */
    public List<String> differentiableInputs() {
        List<String> r = new ArrayList<>();
        for (String k : inputNames()) {
            if (tensors.containsKey(GRAD_PREFIX + k)) {
                r.add(k);
            }
        }
        return r;
    }

    /** The stored gradient of an input: {@code grad(x)} is {@code array("grad_x")}. */
    public GoldenArray grad(String inputName) {
        return array(GRAD_PREFIX + inputName);
    }

    /** Whether this is a second-order case (it stores the {@code penalty} and its gradients). */
    public boolean isSecondOrder() {
        return tensors.containsKey(PENALTY);
    }

    /** The stored second-order gradient of an input: {@code grad2(w)} is {@code array("grad2_w")}. */
    public GoldenArray grad2(String inputName) {
        return array(GRAD2_PREFIX + inputName);
    }
}
