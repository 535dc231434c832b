package gradiente.nn.checkpoint;

import gradiente.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint tensor holding NaN or an infinity: refused when saving (the file on disk, the last good
 * one, is left as it was) and when loading (a diverged or damaged file is never resumed or sampled).
 * The message names the file, the tensor, the first bad element and its value.
 */
public final class NonFiniteTensorException extends IllegalStateException {
    private final transient Path file;
    private final String tensor;

    private NonFiniteTensorException(Path file, String tensor, String message) {
        super(message);
        this.file = file;
        this.tensor = tensor;
    }

    public Path file() {
        return file;
    }

    /** The name of the first non-finite tensor. */
    public String tensor() {
        return tensor;
    }

    /** Throws for the first tensor (in map order) that holds a non-finite value; {@code saving} picks the wording. */
    static void requireFinite(Path file, Map<String, Tensor> tensors, boolean saving) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            double[] v = e.getValue().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    String what = "tensor '" + e.getKey() + "' " + e.getValue().shapeString() + " holds NaN/Inf (element " + i
                            + " is " + v[i] + ")";
                    throw new NonFiniteTensorException(file, e.getKey(), saving
                            ? "refusing to write " + file + ": " + what + ", so training has diverged; " + file
                            + " is left as it was (the last good one, if any). Lower the learning rate and resume or restart."
                            : file + ": " + what + ": it was saved from a diverged run or is damaged, and cannot be resumed"
                            + " or used. Take an earlier file (e.g. generator_epoch_NNN.safetensors) or retrain with a lower"
                            + " learning rate.");
                }
            }
        }
    }
}
