package gradiente.tensor.cpu;

import gradiente.tensor.BinaryOp;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Layout;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;

/**
 * The fast CPU backend: SIMD (Vector API) kernels on contiguous runs, all cores through a shared
 * fork-join pool, a packed, cache-blocked GEMM, and float32 convolutions ({@link CpuConv}) and pooling
 * ({@link CpuPool}) built on them. Anything without a fast path falls back to the
 * inherited {@link ReferenceBackend} loops, so the two always agree on semantics.
 *
 * <p>Needs the Vector API ({@code --add-modules jdk.incubator.vector}); the constructor checks it
 * ({@link VectorSupport#require}) so that a JVM without it fails here with the flag named, not later
 * with a {@code NoClassDefFoundError} from inside an op.
 */
public class CpuBackend extends ReferenceBackend {
    /** @throws IllegalStateException naming {@code --add-modules jdk.incubator.vector} when the Vector API is not readable */
    public CpuBackend() {
        VectorSupport.require("CpuBackend");
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void download(Tensor src, double[] dst) {
        copy(src, new Tensor(HeapStorage.wrap(dst), Layout.contiguous(src.shape())));
    }

    @Override
    public void download(Tensor src, float[] dst) {
        copy(src, new Tensor(HeapStorage.wrap(dst), Layout.contiguous(src.shape())));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!FastElementwise.copy(src, dst)) {
            super.copy(src, dst);
        }
    }

    @Override
    public void fill(Tensor dst, double value) {
        if (!FastElementwise.fill(dst, value)) {
            super.fill(dst, value);
        }
    }

    @Override
    public void unary(UnaryOp op, double p, double q, Tensor x, Tensor out) {
        if (!FastElementwise.unary(op, p, q, x, out)) {
            super.unary(op, p, q, x, out);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!FastElementwise.binary(op, a, b, out)) {
            super.binary(op, a, b, out);
        }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        if (!FastElementwise.reduce(op, x, dims, out)) {
            super.reduce(op, x, dims, out);
        }
    }

    /**
     * Batched matrix product through {@link PackedGemm}. An output sharing storage with an input is
     * computed into a fresh buffer first; an empty inner dimension gives zeros.
     */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        int k = a.size(a.rank() - 1);
        if (k == 0) {
            fill(out, 0.0);
            return;
        }
        if (out.layout().stride(-1) != 1 && out.size(-1) > 1
                || out.storage() == a.storage() || out.storage() == b.storage()) {
            Tensor tmp = new Tensor(allocate(out.dtype(), out.numel()), Layout.contiguous(out.shape()));
            PackedGemm.matmul(a, b, tmp);
            copy(tmp, out);
            return;
        }
        PackedGemm.matmul(a, b, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dGeometry g, Tensor out) {
        if (!CpuConv.conv2d(x, w, g, out)) {
            super.conv2d(x, w, g, out);
        }
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, Tensor gradIn) {
        if (!CpuConv.conv2dBackwardInput(gradOut, w, g, gradIn)) {
            super.conv2dBackwardInput(gradOut, w, g, gradIn);
        }
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, Tensor gradW) {
        if (!CpuConv.conv2dBackwardWeight(x, gradOut, g, gradW)) {
            super.conv2dBackwardWeight(x, gradOut, g, gradW);
        }
    }

    @Override
    public void pool2d(PoolMode mode, Tensor x, Pool2dGeometry g, Tensor out, Tensor argIndex) {
        if (!CpuPool.pool2d(mode, x, g, out, argIndex)) {
            super.pool2d(mode, x, g, out, argIndex);
        }
    }

    @Override
    public void pool2dBackward(PoolMode mode, Tensor gradOut, Tensor argIndex, Pool2dGeometry g, Tensor gradIn) {
        if (!CpuPool.pool2dBackward(mode, gradOut, argIndex, g, gradIn)) {
            super.pool2dBackward(mode, gradOut, argIndex, g, gradIn);
        }
    }

    @Override
    public void batchNormForward(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor var) {
        if (!CpuBatchNorm.forward(x, weight, bias, eps, out, mean, var)) {
            super.batchNormForward(x, weight, bias, eps, out, mean, var);
        }
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor var, Tensor weight, double eps,
                                  Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        if (!CpuBatchNorm.backward(x, gradOut, mean, var, weight, eps, gradIn, gradWeight, gradBias)) {
            super.batchNormBackward(x, gradOut, mean, var, weight, eps, gradIn, gradWeight, gradBias);
        }
    }
}
