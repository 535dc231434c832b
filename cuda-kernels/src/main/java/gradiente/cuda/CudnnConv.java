package gradiente.cuda;

import static jcuda.jcudnn.JCudnn.cudnnConvolutionBackwardData;
import static jcuda.jcudnn.JCudnn.cudnnConvolutionBackwardFilter;
import static jcuda.jcudnn.JCudnn.cudnnConvolutionForward;
import static jcuda.jcudnn.JCudnn.cudnnCreate;
import static jcuda.jcudnn.JCudnn.cudnnCreateConvolutionDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnCreateFilterDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnCreateTensorDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7;
import static jcuda.jcudnn.JCudnn.cudnnGetConvolutionForwardAlgorithm_v7;
import static jcuda.jcudnn.JCudnn.cudnnSetConvolution2dDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnSetConvolutionGroupCount;
import static jcuda.jcudnn.JCudnn.cudnnSetConvolutionMathType;
import static jcuda.jcudnn.JCudnn.cudnnSetFilter4dDescriptor;
import static jcuda.jcudnn.JCudnn.cudnnSetTensor4dDescriptor;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionMode;
import jcuda.jcudnn.cudnnDataType;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnMathType;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.jcudnn.cudnnTensorFormat;

/**
 * Convolution forward, backward-data (also the transposed convolution) and backward-filter through
 * cuDNN's legacy convolution API, which cuDNN 9 still exports. Cross-correlation mode (seed 000 eq. 5);
 * true convolution (eq. 4) is the caller's flipped kernel. Per shape, the descriptors and the algorithm
 * chosen by cuDNN's heuristics ({@code cudnnGet*Algorithm_v7}, first successful entry) are cached;
 * one grow-only workspace comes from the caching allocator.
 *
 * <p>Math: {@code CUDNN_FMA_MATH} (no TF32) so that float32 results match the CPU within float32
 * tolerances; {@code -Dgradiente.cuda.tf32=true} allows tensor cores. Geometries cuDNN's descriptor
 * cannot express (asymmetric padding) and shapes for which cuDNN reports an error return {@code false},
 * and the backend uses {@link ConvGemm} instead (logged once per shape).
 */
final class CudnnConv {
    private static final System.Logger LOG = System.getLogger("gradiente.cuda");
    private static final int FORWARD = 0;
    private static final int BACKWARD_DATA = 1;
    private static final int BACKWARD_FILTER = 2;
    private static final int CANDIDATES = 8;

    private final CudaBackend backend;
    private final cudnnHandle handle = new cudnnHandle();
    private final Map<String, Plan> plans = new HashMap<>();
    private final Set<String> unsupported = new HashSet<>();
    private CachingAllocator.Block<CUdeviceptr> workspace;

    /** Descriptors and algorithm for one direction, dtype, geometry and set of shapes. */
    private record Plan(cudnnTensorDescriptor x, cudnnFilterDescriptor w, cudnnConvolutionDescriptor conv,
                        cudnnTensorDescriptor y, int algo, long workspaceBytes) {
    }

    CudnnConv(CudaBackend backend) {
        this.backend = backend;
        backend.makeCurrent();
        cudnnCreate(handle);
    }

    boolean forward(Tensor x, Tensor w, Conv2dGeometry g, Tensor out) {
        return run(FORWARD, x, w, out, g);
    }

    boolean backwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, Tensor gradIn) {
        return run(BACKWARD_DATA, gradIn, w, gradOut, g);
    }

    boolean backwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, Tensor gradW) {
        return run(BACKWARD_FILTER, x, gradW, gradOut, g);
    }

    /**
     * One cuDNN call in terms of the forward roles: x {@code [N, C, H, W]}, w {@code [O, C/groups, kH, kW]},
     * y {@code [N, O, Ho, Wo]}; the direction says which of them is written.
     */
    private synchronized boolean run(int direction, Tensor x, Tensor w, Tensor y, Conv2dGeometry g) {
        if (g.padTop() != g.padBottom() || g.padLeft() != g.padRight()) {
            return false;
        }
        String key = direction + " " + x.dtype() + " " + Arrays.toString(x.shape()) + Arrays.toString(w.shape())
                + Arrays.toString(y.shape()) + g;
        if (unsupported.contains(key)) {
            return false;
        }
        Tensor xc = direction == BACKWARD_DATA ? x : contiguous(x);
        Tensor wc = direction == BACKWARD_FILTER ? w : contiguous(w);
        Tensor yc = direction == FORWARD ? y : contiguous(y);
        try {
            Plan p = plans.get(key);
            if (p == null) {
                p = plan(direction, x, w, y, g);
                plans.put(key, p);
            }
            CUdeviceptr ws = workspace(p.workspaceBytes());
            Pointer one = x.dtype() == DType.FLOAT32 ? Pointer.to(new float[] {1}) : Pointer.to(new double[] {1});
            Pointer zero = x.dtype() == DType.FLOAT32 ? Pointer.to(new float[] {0}) : Pointer.to(new double[] {0});
            switch (direction) {
                case FORWARD -> cudnnConvolutionForward(handle, one, p.x(), ptr(xc), p.w(), ptr(wc), p.conv(), p.algo(), ws,
                        p.workspaceBytes(), zero, p.y(), ptr(yc));
                case BACKWARD_DATA -> cudnnConvolutionBackwardData(handle, one, p.w(), ptr(wc), p.y(), ptr(yc), p.conv(),
                        p.algo(), ws, p.workspaceBytes(), zero, p.x(), ptr(xc));
                default -> cudnnConvolutionBackwardFilter(handle, one, p.x(), ptr(xc), p.y(), ptr(yc), p.conv(), p.algo(),
                        ws, p.workspaceBytes(), zero, p.w(), ptr(wc));
            }
            return true;
        } catch (RuntimeException e) {
            unsupported.add(key);
            LOG.log(Level.WARNING, "cuDNN failed for " + key + " (" + e.getMessage() + "); using im2col + GEMM");
            return false;
        } finally {
            releaseIfCopy(x, xc);
            releaseIfCopy(w, wc);
            releaseIfCopy(y, yc);
        }
    }

    /** Inputs with gaps or odd strides are copied: the descriptors below describe packed NCHW. */
    private Tensor contiguous(Tensor t) {
        if (t.isContiguous()) {
            return t;
        }
        Tensor c = backend.scratch(t.dtype(), t.shape());
        backend.copy(t, c);
        return c;
    }

    private static void releaseIfCopy(Tensor original, Tensor used) {
        if (used != original) {
            CudaBackend.release(used);
        }
    }

    private static Pointer ptr(Tensor t) {
        return CudaBackend.storage("conv2d", t).pointer(t.layout().offset());
    }

    private CUdeviceptr workspace(long bytes) {
        if (bytes == 0) {
            return null;
        }
        if (workspace == null || workspace.bytes() < bytes) {
            if (workspace != null) {
                backend.allocator().release(workspace);
            }
            workspace = backend.allocator().allocate(bytes);
        }
        return workspace.handle();
    }

    private static cudnnTensorDescriptor tensor(int dataType, int[] s) {
        cudnnTensorDescriptor d = new cudnnTensorDescriptor();
        cudnnCreateTensorDescriptor(d);
        cudnnSetTensor4dDescriptor(d, cudnnTensorFormat.CUDNN_TENSOR_NCHW, dataType, s[0], s[1], s[2], s[3]);
        return d;
    }

    private Plan plan(int direction, Tensor x, Tensor w, Tensor y, Conv2dGeometry g) {
        int dataType = x.dtype() == DType.FLOAT32 ? cudnnDataType.CUDNN_DATA_FLOAT : cudnnDataType.CUDNN_DATA_DOUBLE;
        cudnnTensorDescriptor xd = tensor(dataType, x.shape());
        cudnnTensorDescriptor yd = tensor(dataType, y.shape());
        int[] ws = w.shape();
        cudnnFilterDescriptor wd = new cudnnFilterDescriptor();
        cudnnCreateFilterDescriptor(wd);
        cudnnSetFilter4dDescriptor(wd, dataType, cudnnTensorFormat.CUDNN_TENSOR_NCHW, ws[0], ws[1], ws[2], ws[3]);
        cudnnConvolutionDescriptor cd = new cudnnConvolutionDescriptor();
        cudnnCreateConvolutionDescriptor(cd);
        cudnnSetConvolution2dDescriptor(cd, g.padTop(), g.padLeft(), g.strideH(), g.strideW(), g.dilationH(),
                g.dilationW(), cudnnConvolutionMode.CUDNN_CROSS_CORRELATION, dataType);
        cudnnSetConvolutionGroupCount(cd, g.groups());
        cudnnSetConvolutionMathType(cd, Boolean.getBoolean("gradiente.cuda.tf32") ? cudnnMathType.CUDNN_DEFAULT_MATH
                : cudnnMathType.CUDNN_FMA_MATH);
        int[] count = {0};
        int algo = -1;
        long bytes = 0;
        switch (direction) {
            case FORWARD -> {
                cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[CANDIDATES];
                Arrays.setAll(perf, i -> new cudnnConvolutionFwdAlgoPerf());
                cudnnGetConvolutionForwardAlgorithm_v7(handle, xd, wd, cd, yd, CANDIDATES, count, perf);
                for (int i = 0; i < count[0] && algo < 0; i++) {
                    if (perf[i].status == 0) {
                        algo = perf[i].algo;
                        bytes = perf[i].memory;
                    }
                }
            }
            case BACKWARD_DATA -> {
                cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[CANDIDATES];
                Arrays.setAll(perf, i -> new cudnnConvolutionBwdDataAlgoPerf());
                cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, wd, yd, cd, xd, CANDIDATES, count, perf);
                for (int i = 0; i < count[0] && algo < 0; i++) {
                    if (perf[i].status == 0) {
                        algo = perf[i].algo;
                        bytes = perf[i].memory;
                    }
                }
            }
            default -> {
                cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[CANDIDATES];
                Arrays.setAll(perf, i -> new cudnnConvolutionBwdFilterAlgoPerf());
                cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, xd, yd, cd, wd, CANDIDATES, count, perf);
                for (int i = 0; i < count[0] && algo < 0; i++) {
                    if (perf[i].status == 0) {
                        algo = perf[i].algo;
                        bytes = perf[i].memory;
                    }
                }
            }
        }
        if (algo < 0) {
            throw new IllegalStateException("cuDNN offers no algorithm (" + count[0] + " candidates)");
        }
        return new Plan(xd, wd, cd, yd, algo, bytes);
    }
}
