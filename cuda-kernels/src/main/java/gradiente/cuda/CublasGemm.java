package gradiente.cuda;

import gradiente.tensor.DType;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;

/**
 * Matrix products through cuBLAS, used only where JCublas2 loads (it needs {@code libcublas.so.12}).
 * cuBLAS is column-major: a row-major {@code C [M, N]} is a column-major {@code C^T}, so the call
 * computes {@code C^T = B^T A^T}. Each operand must have unit stride along one of its two matrix axes
 * (row-major or transposed); other layouts (broadcast matrices, general strides) return {@code false}
 * and the backend's own GEMM kernel takes them. Batches are looped, one call per matrix.
 */
final class CublasGemm {
    private final cublasHandle handle;

    private CublasGemm(cublasHandle handle) {
        this.handle = handle;
    }

    /** A handle, or null when cuBLAS cannot be initialised on this device. */
    static CublasGemm tryCreate() {
        try {
            cublasHandle h = new cublasHandle();
            JCublas2.cublasCreate(h);
            return new CublasGemm(h);
        } catch (Throwable t) {
            System.getLogger("gradiente.cuda").log(System.Logger.Level.WARNING,
                    "cuBLAS did not initialise (" + NativeErrors.describe(t) + "); using the own GEMM kernel");
            return null;
        }
    }

    /** Operation and leading dimension of a row-major {@code rows x cols} operand, or null when unusable. */
    private static int[] columnMajor(int rows, int cols, int rowStride, int colStride) {
        if (colStride == 1 && rowStride >= Math.max(1, cols)) {
            return new int[] {cublasOperation.CUBLAS_OP_N, rowStride};
        }
        if (rowStride == 1 && colStride >= Math.max(1, rows)) {
            return new int[] {cublasOperation.CUBLAS_OP_T, colStride};
        }
        return null;
    }

    synchronized boolean gemm(Tensor a, Tensor b, Tensor out) {
        int r = out.rank();
        int m = out.size(r - 2), n = out.size(r - 1), k = a.size(r - 1);
        if (k == 0) {
            return false;
        }
        int[] opB = columnMajor(k, n, b.layout().stride(r - 2), b.layout().stride(r - 1));
        int[] opA = columnMajor(m, k, a.layout().stride(r - 2), a.layout().stride(r - 1));
        int ldc = out.layout().stride(r - 2);
        if (opA == null || opB == null || out.layout().stride(r - 1) != 1 || ldc < Math.max(1, n)) {
            return false;
        }
        Layout ba = LayoutPack.batchOf(a.layout());
        Layout bb = LayoutPack.batchOf(b.layout());
        Layout bo = LayoutPack.batchOf(out.layout());
        CudaStorage sa = CudaBackend.storage("matmul", a);
        CudaStorage sb = CudaBackend.storage("matmul", b);
        CudaStorage so = CudaBackend.storage("matmul", out);
        boolean f32 = out.dtype() == DType.FLOAT32;
        Pointer one = f32 ? Pointer.to(new float[] {1}) : Pointer.to(new double[] {1});
        Pointer zero = f32 ? Pointer.to(new float[] {0}) : Pointer.to(new double[] {0});
        for (int i = 0, batches = bo.numel(); i < batches; i++) {
            Pointer pa = sa.pointer(ba.positionOfFlat(i));
            Pointer pb = sb.pointer(bb.positionOfFlat(i));
            Pointer pc = so.pointer(bo.positionOfFlat(i));
            if (f32) {
                JCublas2.cublasSgemm(handle, opB[0], opA[0], n, m, k, one, pb, opB[1], pa, opA[1], zero, pc, ldc);
            } else {
                JCublas2.cublasDgemm(handle, opB[0], opA[0], n, m, k, one, pb, opB[1], pa, opA[1], zero, pc, ldc);
            }
        }
        return true;
    }
}
