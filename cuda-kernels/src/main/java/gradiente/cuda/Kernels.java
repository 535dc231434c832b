package gradiente.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.util.HashMap;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The loaded kernel module and a launcher. The fatbin carries SASS for sm_80 and sm_90 and PTX that
 * the driver JIT-compiles for newer GPUs. Arguments are passed the driver-API way, one pointer per
 * kernel parameter: device pointers, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, and
 * {@code int[]} for the structs of plain ints ({@code Lay}, {@code GemmDims}, ...), passed by value.
 * Every launch goes to the default stream, so kernels, copies and cuDNN calls are ordered.
 */
final class Kernels {
    /** Threads per block of the 1-D kernels (grid-stride loops). */
    static final int THREADS = 256;
    private static final long MAX_BLOCKS = 1L << 20;

    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();

    Kernels(byte[] fatbin) {
        cuModuleLoadData(module, fatbin);
    }

    synchronized CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module, n);
            return f;
        });
    }

    /** A 1-D grid-stride launch covering {@code n} items (nothing when n is 0). */
    void launch1d(String name, long n, Object... args) {
        if (n <= 0) {
            return;
        }
        int blocks = (int) Math.min((n + THREADS - 1) / THREADS, MAX_BLOCKS);
        launch(name, blocks, 1, 1, THREADS, args);
    }

    /** A launch with an explicit grid. */
    void launch(String name, int gx, int gy, int gz, int threads, Object... args) {
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = parameter(name, i, args[i]);
        }
        cuLaunchKernel(function(name), gx, gy, gz, threads, 1, 1, 0, null, Pointer.to(params), null);
    }

    private static Pointer parameter(String kernel, int i, Object a) {
        if (a instanceof Pointer p) {
            return Pointer.to(p);
        } else if (a instanceof Integer v) {
            return Pointer.to(new int[] {v});
        } else if (a instanceof Long v) {
            return Pointer.to(new long[] {v});
        } else if (a instanceof Float v) {
            return Pointer.to(new float[] {v});
        } else if (a instanceof Double v) {
            return Pointer.to(new double[] {v});
        } else if (a instanceof int[] v) {
            return Pointer.to(v);
        }
        throw new IllegalArgumentException("cuda: kernel " + kernel + " argument " + i + " has unsupported type "
                + (a == null ? "null" : a.getClass().getName()));
    }
}
