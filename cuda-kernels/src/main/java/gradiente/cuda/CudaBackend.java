package gradiente.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemsetD8;

import gradiente.tensor.Backend;
import gradiente.tensor.BinaryOp;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Layout;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Storage;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * The CUDA backend: every {@link Backend} kernel runs on the GPU and every result stays in device
 * memory ({@link CudaStorage}). Element-wise ops, reductions, gather/scatter, pooling and the GEMM are
 * the project's own kernels ({@code src/main/cuda}); strided and broadcast operands are read in place
 * through their layouts. Convolutions go to cuDNN when it loads ({@link CudnnConv}) and to im2col plus
 * the GEMM otherwise ({@link ConvGemm}); matrix products go to cuBLAS when JCublas2 loads
 * ({@link CublasGemm}) and to the own tiled kernel otherwise.
 *
 * <p>Operands whose dtype differs from {@code out}'s are converted into temporaries first (the
 * contract: {@code out}'s dtype decides the precision).
 */
public final class CudaBackend implements Backend {
    private final CudaDevice cuda;
    private final Device device;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final Kernels kernels;
    private final ConvGemm convGemm;
    private final CudnnConv cudnn;
    private final CublasGemm cublas;
    private final CachingAllocator.Block<CUdeviceptr> errorFlag;

    CudaBackend(CudaDevice cuda) {
        this.cuda = cuda;
        this.device = new Device("cuda", cuda.index());
        cuda.makeCurrent();
        this.allocator = new CachingAllocator<>(new CachingAllocator.DeviceMemory<>() {
            @Override
            public CUdeviceptr malloc(long bytes) {
                CUdeviceptr p = new CUdeviceptr();
                cuMemAlloc(p, bytes);
                return p;
            }

            @Override
            public void free(CUdeviceptr handle) {
                cuMemFree(handle);
            }
        });
        this.kernels = new Kernels(Fatbin.resource("kernels.fatbin"));
        this.convGemm = new ConvGemm(this, new CudaIm2col(this));
        this.cudnn = CudaLibraries.cudnnProblem() == null ? new CudnnConv(this) : null;
        this.cublas = CudaLibraries.cublasProblem() == null ? CublasGemm.tryCreate() : null;
        this.errorFlag = allocator.allocate(4);
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Device device() {
        return device;
    }

    /** The GPU, the library paths in use (cuDNN or im2col, cuBLAS or own GEMM) and allocator counters. */
    public String describe() {
        return cuda.describe() + "; convolution: " + (cudnn != null ? "cuDNN" : "im2col + GEMM") + "; GEMM: "
                + (cublas != null ? "cuBLAS" : "own tiled kernel") + "; allocator: " + allocator.stats();
    }

    /** Allocator counters (live blocks are the leak check of tests). */
    public CachingAllocator.Stats memoryStats() {
        return allocator.stats();
    }

    /** Frees the allocator's cached blocks on the device. */
    public void emptyCache() {
        cuda.makeCurrent();
        allocator.emptyCache();
    }

    /** Waits for all queued GPU work (timings). */
    public void synchronize() {
        cuda.makeCurrent();
        jcuda.driver.JCudaDriver.cuCtxSynchronize();
    }

    boolean usesCudnn() {
        return cudnn != null;
    }

    boolean usesCublas() {
        return cublas != null;
    }

    Kernels kernels() {
        return kernels;
    }

    CachingAllocator<CUdeviceptr> allocator() {
        return allocator;
    }

    void makeCurrent() {
        cuda.makeCurrent();
    }

    // ------------------------------------------------------------------ storage helpers

    /** The device storage behind a tensor; the message names the op and the tensor's device. */
    static CudaStorage storage(String op, Tensor t) {
        Storage s = t.storage();
        if (s instanceof CudaStorage c) {
            return c;
        }
        throw new IllegalArgumentException(op + ": tensor of shape " + t.shapeString() + " lives on " + s.device()
                + ", not on the cuda device (move it with to(Device.cuda()))");
    }

    /** Device address of a tensor's storage (element 0 of the storage, not of the view). */
    static CUdeviceptr base(String op, Tensor t) {
        return storage(op, t).pointer();
    }

    /** A fresh contiguous device tensor (not zeroed); close it when done. */
    Tensor scratch(DType dtype, int... shape) {
        cuda.makeCurrent();
        return new Tensor(new CudaStorage(device, dtype, Layout.numel(shape), allocator), Layout.contiguous(shape));
    }

    /** Releases a scratch tensor's memory. */
    static void release(Tensor t) {
        if (t != null && t.storage() instanceof CudaStorage c) {
            c.close();
        }
    }

    /** t itself when it already has dtype {@code dt}; else a converted contiguous scratch copy. */
    private Tensor as(Tensor t, DType dt) {
        if (t.dtype() == dt) {
            return t;
        }
        Tensor c = scratch(dt, t.shape());
        copy(t, c);
        return c;
    }

    /** Releases {@code converted} when it is a temporary made by {@link #as}. */
    private static void done(Tensor original, Tensor converted) {
        if (converted != original) {
            release(converted);
        }
    }

    /** Runs {@code body} with both operands converted to {@code dt}, releasing the conversions after. */
    private void withType(DType dt, Tensor a, Tensor b, java.util.function.BiConsumer<Tensor, Tensor> body) {
        cuda.makeCurrent();
        Tensor ac = as(a, dt);
        Tensor bc = as(b, dt);
        try {
            body.accept(ac, bc);
        } finally {
            done(a, ac);
            done(b, bc);
        }
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        cuda.makeCurrent();
        CudaStorage s = new CudaStorage(device, dtype, length, allocator);
        if (length > 0) {
            cuMemsetD8(s.pointer(), (byte) 0, (long) length * dtype.bytes());
        }
        return s;
    }

    @Override
    public Storage upload(float[] data) {
        return upload(DType.FLOAT32, Pointer.to(data), data.length);
    }

    @Override
    public Storage upload(double[] data) {
        return upload(DType.FLOAT64, Pointer.to(data), data.length);
    }

    private Storage upload(DType dt, Pointer host, int length) {
        cuda.makeCurrent();
        CudaStorage s = new CudaStorage(device, dt, length, allocator);
        if (length > 0) {
            cuMemcpyHtoD(s.pointer(), host, (long) length * dt.bytes());
        }
        return s;
    }

    @Override
    public void download(Tensor src, double[] dst) {
        download(src, DType.FLOAT64, Pointer.to(dst));
    }

    @Override
    public void download(Tensor src, float[] dst) {
        download(src, DType.FLOAT32, Pointer.to(dst));
    }

    private void download(Tensor src, DType dt, Pointer host) {
        cuda.makeCurrent();
        int n = src.numel();
        if (n == 0) {
            return;
        }
        boolean direct = src.dtype() == dt && src.isContiguous();
        Tensor c = direct ? src : scratch(dt, src.shape());
        try {
            if (!direct) {
                copy(src, c);
            }
            cuMemcpyDtoH(host, storage("download", c).pointer(c.layout().offset()), (long) n * dt.bytes());
        } finally {
            if (!direct) {
                release(c);
            }
        }
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void copy(Tensor src, Tensor dst) {
        cuda.makeCurrent();
        if (dst.numel() == 0) {
            return;
        }
        if (storage("copy", src) == storage("copy", dst) && overlaps(src.layout(), dst.layout())) {
            Tensor tmp = scratch(src.dtype(), src.shape());
            try {
                copy(src, tmp);
                copy(tmp, dst);
            } finally {
                release(tmp);
            }
            return;
        }
        int[][] l = LayoutPack.packTogether("copy", src.layout(), dst.layout());
        kernels.launch1d(KernelName.copy(src.dtype(), dst.dtype()), dst.numel(), base("copy", src), l[0],
                base("copy", dst), l[1], (long) dst.numel());
    }

    private static boolean overlaps(Layout a, Layout b) {
        int[] ra = a.positionRange();
        int[] rb = b.positionRange();
        return ra[0] <= rb[1] && rb[0] <= ra[1];
    }

    @Override
    public void fill(Tensor dst, double value) {
        cuda.makeCurrent();
        int[] l = LayoutPack.packTogether("fill", dst.layout())[0];
        kernels.launch1d(KernelName.FILL.symbol(dst.dtype()), dst.numel(), base("fill", dst), l,
                scalar(dst.dtype(), value), (long) dst.numel());
    }

    /** A kernel scalar argument of the kernel's element type. */
    static Object scalar(DType dt, double v) {
        return dt == DType.FLOAT32 ? (Object) (float) v : (Object) v;
    }

    @Override
    public void unary(UnaryOp op, double p, double q, Tensor x, Tensor out) {
        cuda.makeCurrent();
        DType dt = out.dtype();
        Tensor xc = as(x, dt);
        try {
            int[][] l = LayoutPack.packTogether("unary " + op, xc.layout(), out.layout());
            kernels.launch1d(KernelName.UNARY.symbol(dt), out.numel(), OpCodes.unary(op), scalar(dt, p), scalar(dt, q),
                    base("unary", xc), l[0], base("unary", out), l[1], (long) out.numel());
        } finally {
            done(x, xc);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        withType(out.dtype(), a, b, (ac, bc) -> {
            int[][] l = LayoutPack.packTogether(op.opName(), ac.layout(), bc.layout(), out.layout());
            kernels.launch1d(KernelName.BINARY.symbol(out.dtype()), out.numel(), OpCodes.binary(op), base(op.opName(), ac),
                    l[0], base(op.opName(), bc), l[1], base(op.opName(), out), l[2], (long) out.numel());
        });
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        cuda.makeCurrent();
        DType dt = out.dtype();
        Tensor cc = as(cond, dt);
        Tensor ac = as(a, dt);
        Tensor bc = as(b, dt);
        try {
            int[][] l = LayoutPack.packTogether("where", cc.layout(), ac.layout(), bc.layout(), out.layout());
            kernels.launch1d(KernelName.WHERE.symbol(dt), out.numel(), base("where", cc), l[0], base("where", ac), l[1],
                    base("where", bc), l[2], base("where", out), l[3], (long) out.numel());
        } finally {
            done(cond, cc);
            done(a, ac);
            done(b, bc);
        }
    }

    // ------------------------------------------------------------------ reductions

    /**
     * x's layout split into the kept part (out's shape: each reduced dimension narrowed to its first
     * element, x's strides and offset) and the reduced part (the reduced dimensions only, offset 0).
     */
    static Layout[] splitForReduce(Layout x, int[] dims) {
        Layout kept = x;
        int[] inner = new int[dims.length];
        int[] innerStrides = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            inner[i] = x.size(dims[i]);
            innerStrides[i] = x.stride(dims[i]);
            kept = kept.narrow(dims[i], 0, Math.min(1, inner[i]));
        }
        return new Layout[] {kept, new Layout(inner, innerStrides, 0)};
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        cuda.makeCurrent();
        DType dt = out.dtype();
        Tensor xc = as(x, dt);
        try {
            Layout[] split = splitForReduce(xc.layout(), dims);
            int[][] kept = LayoutPack.packTogether("reduce", split[0], out.layout());
            int[] inner = LayoutPack.packTogether("reduce", split[1])[0];
            long outer = out.numel();
            long innerN = split[1].numel();
            if (innerN < 64) {
                kernels.launch1d(KernelName.REDUCE_THREAD.symbol(dt), outer, OpCodes.reduce(op), base("reduce", xc),
                        kept[0], inner, innerN, base("reduce", out), kept[1], outer);
            } else if (outer > 0) {
                kernels.launch(KernelName.REDUCE_BLOCK.symbol(dt), (int) Math.min(outer, 1 << 20), 1, 1, Kernels.THREADS,
                        OpCodes.reduce(op), base("reduce", xc), kept[0], inner, innerN, base("reduce", out), kept[1], outer);
            }
        } finally {
            done(x, xc);
        }
    }

    @Override
    public void argReduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        cuda.makeCurrent();
        DType dt = x.dtype();
        if (x.size(dim) == 0) {
            throw new IllegalArgumentException("argReduce: dimension " + dim + " of shape " + x.shapeString() + " is empty");
        }
        Tensor o = out.dtype() == dt ? out : scratch(dt, out.shape());
        try {
            Layout kept = splitForReduce(x.layout(), new int[] {dim})[0];
            int[][] l = LayoutPack.packTogether("argReduce", kept, o.layout());
            kernels.launch1d(KernelName.ARGREDUCE.symbol(dt), o.numel(), OpCodes.reduce(op), base("argReduce", x), l[0],
                    x.size(dim), x.layout().stride(dim), base("argReduce", o), l[1], (long) o.numel());
            if (o != out) {
                copy(o, out);
            }
        } finally {
            done(out, o);
        }
    }

    // ------------------------------------------------------------------ matrix product

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        if (out.numel() == 0) {
            return;
        }
        withType(out.dtype(), a, b, (ac, bc) -> {
            if (cublas == null || !cublas.gemm(ac, bc, out)) {
                gemmKernel(ac, bc, out);
            }
        });
    }

    /** The own tiled GEMM kernel, bypassing cuBLAS (also timed by {@link GpuSmoke}). */
    void gemmKernel(Tensor a, Tensor b, Tensor out) {
        int r = out.rank();
        int m = out.size(r - 2);
        int n = out.size(r - 1);
        int k = a.size(r - 1);
        int[] dims = {m, n, k, a.layout().stride(r - 2), a.layout().stride(r - 1), b.layout().stride(r - 2),
                b.layout().stride(r - 1), out.layout().stride(r - 2), out.layout().stride(r - 1)};
        int[][] batch = LayoutPack.packTogether("matmul", LayoutPack.batchOf(a.layout()), LayoutPack.batchOf(b.layout()),
                LayoutPack.batchOf(out.layout()));
        int batches = Layout.numel(java.util.Arrays.copyOf(out.shape(), r - 2));
        int tile = out.dtype() == DType.FLOAT32 ? 64 : 16;
        long gy = (m + tile - 1) / tile;
        if (gy > 65535) {
            throw new IllegalArgumentException("matmul: " + m + " rows exceed the cuda grid limit of " + 65535 * tile);
        }
        kernels.launch(KernelName.GEMM.symbol(out.dtype()), (n + tile - 1) / tile, (int) gy, Math.min(batches, 65535),
                Kernels.THREADS, base("matmul", a), batch[0], base("matmul", b), batch[1], base("matmul", out), batch[2],
                dims, batches);
    }

    // ------------------------------------------------------------------ gather / scatter

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        indexed("gather", KernelName.GATHER, out, x, dim, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        indexed("scatterAdd", KernelName.SCATTER_ADD, out, out, dim, index, src);
    }

    /** gather (reads {@code target}, writes {@code values}) or scatterAdd (reads {@code values}, adds to target). */
    private void indexed(String op, KernelName kernel, Tensor out, Tensor target, int d, Tensor index, Tensor values) {
        cuda.makeCurrent();
        int dim = Layout.dim(op, d, target.rank());
        DType dt = out.dtype();
        Tensor tc = as(target, dt);
        Tensor ic = as(index, dt);
        Tensor vc = as(values, dt);
        try {
            long n = index.numel();
            if (n == 0) {
                return;
            }
            cuMemsetD32(errorFlag.handle(), Integer.MAX_VALUE, 1);
            int[] lt = LayoutPack.pack(op, tc.layout());
            int[] li = LayoutPack.pack(op, ic.layout());
            int[] lv = LayoutPack.pack(op, vc.layout());
            kernels.launch1d(kernel.symbol(dt), n, base(op, tc), lt, dim, target.size(dim), base(op, ic), li,
                    base(op, vc), lv, n, errorFlag.handle());
            int[] bad = {0};
            cuMemcpyDtoH(Pointer.to(bad), errorFlag.handle(), Integer.BYTES);
            if (bad[0] != Integer.MAX_VALUE) {
                double v = new Tensor(ic.storage(), new Layout(new int[0], new int[0],
                        ic.layout().positionOfFlat(bad[0]))).toDoubleArray()[0];
                throw new IndexOutOfBoundsException(op + ": index value " + v + " at flat position " + bad[0]
                        + " is not an integer in [0, " + target.size(dim) + ")");
            }
        } finally {
            done(target, tc);
            done(index, ic);
            done(values, vc);
        }
    }

    // ------------------------------------------------------------------ convolution and pooling

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dGeometry g, Tensor out) {
        withType(out.dtype(), x, w, (xc, wc) -> {
            if (cudnn == null || !cudnn.forward(xc, wc, g, out)) {
                convGemm.forward(xc, wc, g, out);
            }
        });
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, Tensor gradIn) {
        withType(gradIn.dtype(), gradOut, w, (gc, wc) -> {
            if (cudnn == null || !cudnn.backwardInput(gc, wc, g, gradIn)) {
                convGemm.backwardInput(gc, wc, g, gradIn);
            }
        });
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, Tensor gradW) {
        withType(gradW.dtype(), x, gradOut, (xc, gc) -> {
            if (cudnn == null || !cudnn.backwardWeight(xc, gc, g, gradW)) {
                convGemm.backwardWeight(xc, gc, g, gradW);
            }
        });
    }

    /** The {@code PoolDims} struct of pool.cuh. */
    private static int[] poolDims(int[] in, int ho, int wo, Pool2dGeometry g) {
        return new int[] {in[0], in[1], in[2], in[3], ho, wo, g.kernelH(), g.kernelW(), g.strideH(), g.strideW(),
                g.padH(), g.padW()};
    }

    /**
     * Own kernels for every mode: the backend contract records the arg index of MAX and MIN, which
     * cuDNN's pooling does not expose, and MIN pooling has no cuDNN mode.
     */
    @Override
    public void pool2d(PoolMode mode, Tensor x, Pool2dGeometry g, Tensor out, Tensor argIndex) {
        cuda.makeCurrent();
        DType dt = out.dtype();
        Tensor xc = as(x, dt);
        Tensor arg = argIndex == null || argIndex.dtype() == dt ? argIndex : scratch(dt, argIndex.shape());
        try {
            int[] dims = poolDims(x.shape(), out.size(2), out.size(3), g);
            Tensor argOrOut = arg == null ? out : arg;
            kernels.launch1d(KernelName.POOL2D.symbol(dt), out.numel(), OpCodes.pool(mode), base("pool2d", xc),
                    LayoutPack.pack("pool2d", xc.layout()), dims, base("pool2d", out), LayoutPack.pack("pool2d", out.layout()),
                    base("pool2d", argOrOut), LayoutPack.pack("pool2d", argOrOut.layout()), arg == null ? 0 : 1,
                    (long) out.numel());
            if (arg != argIndex) {
                copy(arg, argIndex);
            }
        } finally {
            done(x, xc);
            if (arg != argIndex) {
                release(arg);
            }
        }
    }

    @Override
    public void pool2dBackward(PoolMode mode, Tensor gradOut, Tensor argIndex, Pool2dGeometry g, Tensor gradIn) {
        cuda.makeCurrent();
        DType dt = gradIn.dtype();
        Tensor gc = as(gradOut, dt);
        Tensor ac = argIndex == null ? null : as(argIndex, dt);
        try {
            fill(gradIn, 0);
            int[] dims = poolDims(gradIn.shape(), gradOut.size(2), gradOut.size(3), g);
            Tensor argOrGrad = ac == null ? gc : ac;
            kernels.launch1d(KernelName.POOL2D_BACKWARD.symbol(dt), gc.numel(), OpCodes.pool(mode),
                    base("pool2dBackward", gc), LayoutPack.pack("pool2dBackward", gc.layout()), base("pool2dBackward", argOrGrad),
                    LayoutPack.pack("pool2dBackward", argOrGrad.layout()), dims, base("pool2dBackward", gradIn),
                    LayoutPack.pack("pool2dBackward", gradIn.layout()), (long) gc.numel());
        } finally {
            done(gradOut, gc);
            if (ac != null) {
                done(argIndex, ac);
            }
        }
    }
}
