package gradiente.cuda;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Tensor;

/** {@link Im2col} by the {@code gr_im2col} and {@code gr_col2im} kernels of {@code conv.cuh}. */
final class CudaIm2col implements Im2col {
    private final CudaBackend backend;

    CudaIm2col(CudaBackend backend) {
        this.backend = backend;
    }

    /** The {@code ConvDims} struct of conv.cuh. */
    private static int[] dims(int[] in, int kh, int kw, int ho, int wo, Conv2dGeometry g) {
        return new int[] {in[0], in[1], in[2], in[3], kh, kw, ho, wo, g.strideH(), g.strideW(), g.padTop(), g.padLeft(),
                g.dilationH(), g.dilationW()};
    }

    @Override
    public void im2col(Tensor x, Conv2dGeometry g, int kh, int kw, int ho, int wo, Tensor cols) {
        backend.kernels().launch1d(KernelName.IM2COL.symbol(cols.dtype()), cols.numel(), CudaBackend.base("conv2d", x),
                LayoutPack.pack("conv2d", x.layout()), dims(x.shape(), kh, kw, ho, wo, g),
                CudaBackend.base("conv2d", cols), (long) cols.numel());
    }

    @Override
    public void col2im(Tensor cols, Conv2dGeometry g, int kh, int kw, int ho, int wo, Tensor gradIn) {
        backend.kernels().launch1d(KernelName.COL2IM.symbol(gradIn.dtype()), gradIn.numel(),
                CudaBackend.base("conv2dBackwardInput", cols), dims(gradIn.shape(), kh, kw, ho, wo, g),
                CudaBackend.base("conv2dBackwardInput", gradIn), LayoutPack.pack("conv2dBackwardInput", gradIn.layout()),
                (long) gradIn.numel());
    }
}
