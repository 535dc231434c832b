package gradiente.cuda;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Tensor;

/**
 * The two data-movement steps of convolution as a matrix product. {@code cols} is a contiguous
 * {@code [C*kH*kW, N*Ho*Wo]} matrix whose row {@code (c, u, v)} and column {@code (n, i, j)} hold
 * {@code x[n][c][i*sH + u*dH - padTop][j*sW + v*dW - padLeft]} (zero outside the input).
 */
interface Im2col {
    /** Fills {@code cols} from {@code x [N, C, H, W]} for a kernel of {@code kh x kw} and output {@code ho x wo}. */
    void im2col(Tensor x, Conv2dGeometry g, int kh, int kw, int ho, int wo, Tensor cols);

    /** The adjoint: overwrites {@code gradIn [N, C, H, W]} with the sum of the cols entries that read each element. */
    void col2im(Tensor cols, Conv2dGeometry g, int kh, int kw, int ho, int wo, Tensor gradIn);
}
