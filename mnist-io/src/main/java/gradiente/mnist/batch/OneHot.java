package gradiente.mnist.batch;

import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Tensor;

/**
 * One-hot encoding: label {@code y} becomes the row {@code e_y} of the {@code K x K} identity, so a batch
 * of {@code B} labels becomes {@code [B, K]}. Used by categorical cross-entropy and by the conditional
 * GAN, whose generator input is {@code z} joined to the one-hot class (thesis 3.3).
 */
public final class OneHot {
    private OneHot() {
    }

    /** {@code [labels.length, numClasses]} float32 on the CPU. */
    public static Tensor of(int[] labels, int numClasses) {
        return of(labels, numClasses, DType.FLOAT32, Device.CPU);
    }

    /** {@code [labels.length, numClasses]} of the given type on the given device. */
    public static Tensor of(int[] labels, int numClasses, DType dtype, Device device) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        }
        float[] data = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at position " + i + " is outside 0.."
                        + (numClasses - 1));
            }
            data[i * numClasses + labels[i]] = 1f;
        }
        Tensor t = Tensor.of(data, device, labels.length, numClasses);
        return dtype == DType.FLOAT32 ? t : t.to(dtype);
    }
}
