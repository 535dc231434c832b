package gradiente.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * One CUDA device and its primary context. The primary context is shared by the driver API (our
 * kernels), the runtime API and therefore cuDNN; a context is current per thread, so every entry point
 * of the backend calls {@link #makeCurrent()} (cheap after the first call on a thread).
 */
final class CudaDevice {
    private final int index;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final String name;
    private final int ccMajor;
    private final int ccMinor;
    private final int multiprocessors;
    private final long totalMemory;

    private CudaDevice(int index) {
        this.index = index;
        initDriver();
        int[] count = {0};
        cuDeviceGetCount(count);
        if (index >= count[0]) {
            throw new IllegalArgumentException("cuda: device " + index + " requested but " + count[0] + " found");
        }
        cuDeviceGet(device, index);
        cuDevicePrimaryCtxRetain(context, device);
        makeCurrent();
        byte[] buf = new byte[256];
        cuDeviceGetName(buf, buf.length, device);
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        name = new String(buf, 0, len, StandardCharsets.US_ASCII);
        ccMajor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        ccMinor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        multiprocessors = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        long[] mem = {0};
        cuDeviceTotalMem(mem, device);
        totalMemory = mem[0];
    }

    /** Loads the JCuda driver library (may throw {@link UnsatisfiedLinkError}) and initialises CUDA. */
    static void initDriver() {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
    }

    /** Number of CUDA devices (initialises the driver). */
    static int deviceCount() {
        initDriver();
        int[] count = {0};
        cuDeviceGetCount(count);
        return count[0];
    }

    /** The driver's CUDA version as text, e.g. {@code 13.0}. */
    static String driverVersion() {
        int[] v = {0};
        cuDriverGetVersion(v);
        return v[0] / 1000 + "." + (v[0] % 1000) / 10;
    }

    static CudaDevice open(int index) {
        return new CudaDevice(index);
    }

    private int attribute(int attr) {
        int[] v = {0};
        cuDeviceGetAttribute(v, attr, device);
        return v[0];
    }

    /** Makes the primary context current on the calling thread. */
    void makeCurrent() {
        if (!current.get()) {
            cuCtxSetCurrent(context);
            current.set(Boolean.TRUE);
        }
    }

    int index() {
        return index;
    }

    String name() {
        return name;
    }

    int multiprocessors() {
        return multiprocessors;
    }

    long totalMemory() {
        return totalMemory;
    }

    /** e.g. {@code NVIDIA H100 80GB HBM3 (sm_90, 132 SMs, 79.1 GiB)}. */
    String describe() {
        return String.format(java.util.Locale.ROOT, "%s (sm_%d%d, %d SMs, %.1f GiB)", name, ccMajor, ccMinor,
                multiprocessors, totalMemory / (1024.0 * 1024 * 1024));
    }
}
