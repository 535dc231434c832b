package gradiente.nn.layers;

import gradiente.autograd.Variable;

/** {@link BatchNorm} of {@code [N, C, H, W]} feature maps (statistics per channel over N, H and W). */
public final class BatchNorm2d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, learnable gamma and beta (PyTorch's defaults). */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1, true);
    }

    public BatchNorm2d(int channels, double eps, double momentum, boolean affine) {
        super(channels, eps, momentum, affine);
    }

    @Override
    protected void checkRank(Variable x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("BatchNorm2d: input must be [N, C, H, W], got " + x.data().shapeString());
        }
    }
}
