package gradiente.nn.checkpoint;

import gradiente.nn.Module;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file, so that a run resumes bit-exactly:
 * <ul>
 *   <li>the model's parameters and buffers under their dotted names ({@code 0.weight}, ...), loadable
 *       by PyTorch's {@code safetensors.torch.load_file};</li>
 *   <li>the optimiser's slots under {@code optim/<param>/<slot>} and its hyperparameters in the
 *       metadata under {@code optim.}; a model trained by several optimisers (a GAN's generator and
 *       discriminator) saves each named one under {@code optim-<name>/<param>/<slot>} and
 *       {@code optim-<name>.};</li>
 *   <li>the state of named random generators (dropout masks, shuffling) as metadata {@code rng.<name>};</li>
 *   <li>caller information (step, epoch, ...) as metadata {@code info.<key>}.</li>
 * </ul>
 * The file is replaced atomically, with a CRC-32C of every tensor ({@link TensorChecksums}) verified at
 * every load. Tensors must be finite: saving a NaN or an infinity is refused, leaving the previous file
 * (the last good one) in place, and loading one is an error ({@link NonFiniteTensorException}). A file
 * written before checksums existed loads with one note on standard error. Loading a checkpoint of
 * another model fails with a message naming the first mismatching tensor and both shapes.
 */
public final class Checkpoint {
    /** Prefix of optimiser tensors. */
    public static final String OPTIM = "optim/";
    /** The format tag written to the metadata. */
    public static final String FORMAT = "gradiente-checkpoint-1";

    private Checkpoint() {
    }

    /**
     * Saves model, optimiser (may be null), generators (may be empty) and information strings.
     *
     * @param info caller entries such as {@code step} or {@code epoch}, returned by {@link #load}
     */
    public static void save(Path file, Module model, Optimizer optimizer, Map<String, Generator> generators,
                            Map<String, String> info) throws IOException {
        saveAll(file, model, single(optimizer), generators, info);
    }

    /**
     * Saves model, optimisers by name ({@code ""} is the single unnamed optimiser of the plain form),
     * generators (may be empty) and information strings.
     */
    public static void saveAll(Path file, Module model, Map<String, Optimizer> optimizers, Map<String, Generator> generators,
                            Map<String, String> info) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", model.getClass().getName());
        for (Map.Entry<String, Optimizer> o : optimizers.entrySet()) {
            String name = o.getKey();
            for (Map.Entry<String, Tensor> e : o.getValue().state().entrySet()) {
                tensors.put(tensorPrefix(name) + e.getKey(), e.getValue());
            }
            o.getValue().hyperparameters().forEach((k, v) -> meta.put(metaPrefix(name) + k, v));
        }
        generators.forEach((k, g) -> meta.put("rng." + k, join(g.state())));
        info.forEach((k, v) -> meta.put("info." + k, v));
        NonFiniteTensorException.requireFinite(file, tensors, true);
        SafeTensors.write(file, tensors, meta);
    }

    private static Map<String, Optimizer> single(Optimizer optimizer) {
        return optimizer == null ? Map.of() : Map.of("", optimizer);
    }

    private static String tensorPrefix(String optimizer) {
        return optimizer.isEmpty() ? OPTIM : "optim-" + optimizer + "/";
    }

    private static String metaPrefix(String optimizer) {
        return optimizer.isEmpty() ? "optim." : "optim-" + optimizer + ".";
    }

    /**
     * Restores a checkpoint into an existing model, optimiser (may be null) and generators.
     *
     * @return the caller information saved with it
     * @throws CheckpointFormatException for an unreadable file
     * @throws IllegalArgumentException  when the checkpoint does not match the model, optimiser or generators
     */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer, Map<String, Generator> generators)
            throws IOException {
        return loadAll(file, model, single(optimizer), generators);
    }

    /** Restores a checkpoint saved with named optimisers (see {@link #saveAll}). */
    public static Map<String, String> loadAll(Path file, Module model, Map<String, Optimizer> optimizers,
                                           Map<String, Generator> generators) throws IOException {
        SafeTensors.Contents c = read(file);
        Map<String, String> meta = c.metadata();
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> optimState = new LinkedHashMap<>();
        optimizers.keySet().forEach(k -> optimState.put(k, new LinkedHashMap<>()));
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String key = e.getKey();
            String owner = null;
            for (String name : optimizers.keySet()) {
                if (key.startsWith(tensorPrefix(name))) {
                    owner = name;
                }
            }
            if (owner != null) {
                optimState.get(owner).put(key.substring(tensorPrefix(owner).length()), e.getValue());
            } else if (!key.startsWith(OPTIM) && !key.startsWith("optim-")) {
                modelState.put(key, e.getValue());
            }
        }
        try {
            model.loadStateDict(modelState, true);
        } catch (IllegalArgumentException e) {
            String saved = meta.getOrDefault("info.setting.model", meta.getOrDefault("info.spec.model", "another model"));
            throw new IllegalArgumentException("checkpoint " + file + " (saved from " + saved + ") does not match the model"
                    + " being restored: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Optimizer> o : optimizers.entrySet()) {
            String prefix = metaPrefix(o.getKey());
            if (!meta.containsKey(prefix + "type")) {
                throw new IllegalArgumentException("checkpoint " + file + " holds no optimiser state"
                        + (o.getKey().isEmpty() ? "" : " named '" + o.getKey() + "'") + " to resume "
                        + o.getValue().getClass().getSimpleName() + " from");
            }
            o.getValue().loadState(optimState.get(o.getKey()), strip(meta, prefix));
        }
        for (Map.Entry<String, Generator> g : generators.entrySet()) {
            String s = meta.get("rng." + g.getKey());
            if (s == null) {
                throw new IllegalArgumentException("checkpoint " + file + " holds no state for random generator '"
                        + g.getKey() + "' (it has " + strip(meta, "rng.").keySet() + ")");
            }
            g.getValue().setState(split(s));
        }
        return strip(meta, "info.");
    }

    private static final java.util.Set<Path> NOTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Reads a checkpoint, verifying its checksums ({@link SafeTensors#read}) and that every tensor is
     * finite; a file without checksums gets one note on standard error (once per file and process).
     */
    public static SafeTensors.Contents read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        if (!c.checksummed() && NOTED.add(file.toAbsolutePath().normalize())) {
            System.err.println("note: " + file + " carries no checksums (written by an older gradiente or another tool);"
                    + " loaded without verifying its bytes");
        }
        NonFiniteTensorException.requireFinite(file, c.tensors(), false);
        return c;
    }

    private static Map<String, String> strip(Map<String, String> meta, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static String join(long[] words) {
        StringBuilder sb = new StringBuilder();
        for (long w : words) {
            sb.append(sb.length() == 0 ? "" : ",").append(w);
        }
        return sb.toString();
    }

    private static long[] split(String s) {
        return Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
