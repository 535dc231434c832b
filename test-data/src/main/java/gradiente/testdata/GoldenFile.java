package gradiente.testdata;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One golden JSON file read from the class path.
 *
 * <p>Format (all tensors float64, row-major):
 * <pre>{@code
 * {"generator": "test-data/scripts/make_golden.py; torch 1.13.0a0; float64; seed 102",
 *  "cases": [
 *    {"name": "add_3x4_4", "op": "add", "params": {},
 *     "tensors": {"x": {"shape": [3, 4], "data": [...]}, "y": {"shape": [4], "data": [...]},
 *                 "out": {...}, "upstream": {...}, "grad_x": {...}, "grad_y": {...}}}]}
 * }</pre>
 * {@code NaN}, {@code Infinity} and {@code -Infinity} are accepted as numbers (Python's {@code json}
 * writes them so). See {@link GoldenCase} for the tensor naming convention.
 */
public final class GoldenFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final String resource;
    private final String generator;
    private final List<GoldenCase> cases;

    private GoldenFile(String resource, String generator, List<GoldenCase> cases) {
        this.resource = resource;
        this.generator = generator;
        this.cases = List.copyOf(cases);
    }

    /** Loads a class-path resource such as {@code golden/ops/binary.json}. */
    public static GoldenFile load(String resource) {
        try (InputStream in = open(resource)) {
            return parse(resource, in);
        } catch (IOException e) {
            throw new GoldenFormatException(resource + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a golden file from a stream; {@code source} names it in messages and case ids. */
    public static GoldenFile parse(String source, InputStream in) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at byte " + at.getByteOffset() + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new GoldenFormatException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new GoldenFormatException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new GoldenFormatException(source + ": expected a JSON object at the top level");
        }
        String generator = text(source, root, "generator", "");
        JsonNode casesNode = field(source, root, "cases", "");
        if (!casesNode.isArray()) {
            throw new GoldenFormatException(source + ": /cases is not an array");
        }
        List<GoldenCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < casesNode.size(); i++) {
            GoldenCase c = parseCase(source, casesNode.get(i), "/cases/" + i);
            if (!names.add(c.name())) {
                throw new GoldenFormatException(source + ": case name '" + c.name() + "' appears twice");
            }
            cases.add(c);
        }
        return new GoldenFile(source, generator, cases);
    }

    /**
     * Loads every file of a group listed in {@code golden/<group>/index.txt} (one file name per line,
     * blank lines and lines starting with {@code #} ignored), in index order.
     */
    public static List<GoldenFile> loadGroup(String group) {
        String index = "golden/" + group + "/index.txt";
        List<GoldenFile> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(index), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    files.add(load("golden/" + group + "/" + line));
                }
            }
        } catch (IOException e) {
            throw new GoldenFormatException(index + ": cannot read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new GoldenFormatException(index + ": lists no files");
        }
        return files;
    }

    /** The resource this file was read from. */
    public String resource() {
        return resource;
    }

    /** What produced the file (script, PyTorch version, precision). */
    public String generator() {
        return generator;
    }

    /** The cases, in file order. */
    public List<GoldenCase> cases() {
        return cases;
    }

    /** The case of that name; fails naming the resource when absent. */
    public GoldenCase caseNamed(String name) {
        for (GoldenCase c : cases) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(resource + ": no case named '" + name + "'");
    }

    private static InputStream open(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        InputStream in = cl == null ? null : cl.getResourceAsStream(resource);
        if (in == null) {
            in = GoldenFile.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new GoldenFormatException(resource + ": no such class-path resource");
        }
        return in;
    }

    private static GoldenCase parseCase(String source, JsonNode node, String path) {
        if (!node.isObject()) {
            throw new GoldenFormatException(source + ": " + path + " is not an object");
        }
        String name = text(source, node, "name", path);
        String op = text(source, node, "op", path);
        Map<String, JsonNode> params = new LinkedHashMap<>();
        JsonNode p = node.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new GoldenFormatException(source + ": " + path + "/params is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue());
            }
        }
        JsonNode t = field(source, node, "tensors", path);
        if (!t.isObject()) {
            throw new GoldenFormatException(source + ": " + path + "/tensors is not an object");
        }
        Map<String, GoldenArray> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            tensors.put(e.getKey(), parseArray(source, e.getValue(), path + "/tensors/" + e.getKey()));
        }
        return new GoldenCase(source, name, op, params, tensors);
    }

    private static GoldenArray parseArray(String source, JsonNode node, String path) {
        JsonNode s = field(source, node, "shape", path);
        JsonNode d = field(source, node, "data", path);
        if (!s.isArray() || !d.isArray()) {
            throw new GoldenFormatException(source + ": " + path + ": shape and data must be arrays");
        }
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!s.get(i).canConvertToInt() || !s.get(i).isIntegralNumber()) {
                throw new GoldenFormatException(source + ": " + path + "/shape/" + i + " is not an int");
            }
            shape[i] = s.get(i).intValue();
        }
        double[] data = new double[d.size()];
        for (int i = 0; i < data.length; i++) {
            if (!d.get(i).isNumber()) {
                throw new GoldenFormatException(source + ": " + path + "/data/" + i + " is not a number");
            }
            data[i] = d.get(i).doubleValue();
        }
        try {
            return new GoldenArray(shape, data);
        } catch (IllegalArgumentException e) {
            throw new GoldenFormatException(source + ": " + path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode field(String source, JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new GoldenFormatException(source + ": " + path + "/" + key + " is missing");
        }
        return v;
    }

    private static String text(String source, JsonNode node, String key, String path) {
        JsonNode v = field(source, node, key, path);
        if (!v.isTextual()) {
            throw new GoldenFormatException(source + ": " + path + "/" + key + " is not a string");
        }
        return v.textValue();
    }
}
