package gradiente.nn.layers;

import gradiente.autograd.Variable;

/** {@link BatchNorm} of {@code [N, C]} or {@code [N, C, L]} inputs (statistics over N, and L). */
public final class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1, learnable gamma and beta (PyTorch's defaults). */
    public BatchNorm1d(int channels) {
        this(channels, 1e-5, 0.1, true);
    }

    public BatchNorm1d(int channels, double eps, double momentum, boolean affine) {
        super(channels, eps, momentum, affine);
    }

    @Override
    protected void checkRank(Variable x) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: input must be [N, C] or [N, C, L], got "
                    + x.data().shapeString());
        }
    }
}
