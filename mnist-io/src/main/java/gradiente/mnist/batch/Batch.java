package gradiente.mnist.batch;

import gradiente.mnist.Dataset;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;

/**
 * One mini-batch.
 *
 * @param images  float32 {@code [B, 1, H, W]}
 * @param labels  class index of each image
 * @param indices position of each image in the data set (to look up mistakes later)
 * @param numClasses number of classes of the data set
 */
public record Batch(Tensor images, int[] labels, int[] indices, int numClasses) {
    /** Batch size B. */
    public int size() {
        return labels.length;
    }

    /** Labels one-hot: float32 {@code [B, K]} on the images' device. */
    public Tensor oneHot() {
        return OneHot.of(labels, numClasses, DType.FLOAT32, images.device());
    }

    /** Labels as class indices in a float tensor {@code [B]} on the images' device. */
    public Tensor labelTensor(DType dtype) {
        return Dataset.classIndices(labels, dtype, images.device());
    }
}
