package gradiente.generative.classify;

import gradiente.nn.Module;
import gradiente.nn.Sequential;
import gradiente.tensor.Generator;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks, before loading, that a checkpoint holds the tensors of a model in the same order with the
 * same shapes, and otherwise explains in one paragraph which model the file holds, the first tensor
 * that differs and both shapes (a checkpoint of {@code train cnn} given to {@code eval --model mlp}).
 */
public final class CheckpointMatch {
    private CheckpointMatch() {
    }

    /**
     * @param kindName the model the user asked for, e.g. {@code mlp}
     * @throws IllegalArgumentException describing the first mismatch
     */
    public static void require(Path file, Module model, String kindName) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        List<Map.Entry<String, Tensor>> saved = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            if (!e.getKey().startsWith(Checkpoint.OPTIM)) {
                saved.add(e);
            }
        }
        List<Map.Entry<String, Tensor>> own = new ArrayList<>(model.stateDict().entrySet());
        String savedModel = c.metadata().getOrDefault("info.setting.model", c.metadata().getOrDefault("model", "an unknown model"));
        for (int i = 0; i < Math.max(saved.size(), own.size()); i++) {
            Map.Entry<String, Tensor> s = i < saved.size() ? saved.get(i) : null;
            Map.Entry<String, Tensor> o = i < own.size() ? own.get(i) : null;
            if (s != null && o != null && s.getKey().equals(o.getKey())
                    && Arrays.equals(s.getValue().shape(), o.getValue().shape())) {
                continue;
            }
            String what = s == null ? "ends after " + i + " tensors"
                    : "holds tensor '" + s.getKey() + "' " + s.getValue().shapeString();
            String want = o == null ? "has only " + i + " tensors"
                    : "expects '" + o.getKey() + "' " + o.getValue().shapeString();
            throw new IllegalArgumentException("checkpoint " + file + " does not hold a " + kindName + " model: it was saved by "
                    + savedModel + ", and where the " + kindName + " model " + want + " (tensor " + (i + 1)
                    + ") the checkpoint " + what + ". Pass the --model the checkpoint was trained as, or a checkpoint"
                    + " written by 'train " + kindName + "'.");
        }
    }

    /** A classifier rebuilt from a checkpoint: its kind, the loaded network and the checkpoint's information strings. */
    public record Restored(ClassifierKind kind, Sequential net, Map<String, String> info) {
    }

    /**
     * Rebuilds the classifier a {@code train mlp|cnn} checkpoint holds, with the filter count it recorded,
     * checks it with {@link #require} and loads the weights (no optimiser state).
     *
     * @param op   the command, named in errors
     * @param kind the model asked for, or null for the one the checkpoint records
     */
    public static Restored restore(String op, Path file, ClassifierKind kind, int height, int width, int classes)
            throws IOException {
        Map<String, String> meta = SafeTensors.read(file).metadata();
        String wrongFile = gradiente.generative.training.SavedFileKind.notAClassifier(op, file, meta);
        if (wrongFile != null) {
            throw new IllegalArgumentException(wrongFile);
        }
        if (kind == null) {
            String id = meta.get("info.setting.model");
            if (id == null) {
                throw new IllegalArgumentException(op + ": checkpoint " + file + " does not record which model it holds"
                        + " (not written by 'train mlp' or 'train cnn'); name it with --model mlp or --model cnn");
            }
            kind = ClassifierKind.parse(id);
        }
        String filters = meta.get("info.setting.filters");
        Sequential net = kind.build(height, width, classes, kind.defaultDropout(),
                filters != null ? Integer.parseInt(filters) : kind.defaultFilters(), new Generator(0), new Generator(0));
        require(file, net, kind.id());
        Map<String, String> info = Checkpoint.load(file, net, null, Map.of());
        return new Restored(kind, net, info);
    }
}
