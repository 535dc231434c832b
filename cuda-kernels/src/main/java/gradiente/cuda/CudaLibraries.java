package gradiente.cuda;

import jcuda.jcublas.JCublas2;
import jcuda.jcudnn.JCudnn;

/**
 * Which optional CUDA libraries load here. JCuda's native wrappers need exact sonames: JCudnn 12.6
 * needs {@code libcudnn.so.9}, JCublas2 12.6 needs {@code libcublas.so.12} (a machine with only
 * cuBLAS 13 cannot load it). The backend uses cuDNN for convolutions and cuBLAS for GEMM when they
 * load, and its own kernels otherwise; each probe runs once and keeps its reason.
 */
final class CudaLibraries {
    private static String cudnnProblem;
    private static String cudnnVersion;
    private static boolean cudnnProbed;
    private static String cublasProblem;
    private static boolean cublasProbed;

    private CudaLibraries() {
    }

    /** Null when cuDNN loads, else why not. */
    static synchronized String cudnnProblem() {
        if (!cudnnProbed) {
            cudnnProbed = true;
            if (Boolean.getBoolean("gradiente.cuda.noCudnn")) {
                cudnnProblem = "disabled by -Dgradiente.cuda.noCudnn=true";
            } else {
                try {
                    JCudnn.setExceptionsEnabled(true);
                    long v = JCudnn.cudnnGetVersion();
                    cudnnVersion = v >= 90000 ? (v / 10000) + "." + (v % 10000) / 100 + "." + v % 100
                            : (v / 1000) + "." + (v % 1000) / 100 + "." + v % 100;
                } catch (Throwable t) {
                    cudnnProblem = NativeErrors.describe(t);
                }
            }
        }
        return cudnnProblem;
    }

    /** Null when JCublas2 loads, else why not. */
    static synchronized String cublasProblem() {
        if (!cublasProbed) {
            cublasProbed = true;
            if (Boolean.getBoolean("gradiente.cuda.noCublas")) {
                cublasProblem = "disabled by -Dgradiente.cuda.noCublas=true";
            } else {
                try {
                    JCublas2.setExceptionsEnabled(true);
                } catch (Throwable t) {
                    cublasProblem = NativeErrors.describe(t);
                }
            }
        }
        return cublasProblem;
    }

    /** One line: which convolution and GEMM paths are active and why. */
    static String summary() {
        String dnn = cudnnProblem();
        String blas = cublasProblem();
        return "convolution: " + (dnn == null ? "cuDNN " + cudnnVersion : "im2col + own GEMM (cuDNN unavailable: " + dnn + ")")
                + "; GEMM: " + (blas == null ? "cuBLAS (JCublas2)" : "own tiled kernel (cuBLAS unavailable: " + blas + ")");
    }
}
