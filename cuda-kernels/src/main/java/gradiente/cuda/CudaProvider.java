package gradiente.cuda;

import gradiente.tensor.Backend;
import gradiente.tensor.BackendProvider;

/**
 * Registers the CUDA backend with {@link java.util.ServiceLoader}. The probe never throws: a missing
 * driver, a missing JCuda native library, a CUDA error or the absence of devices becomes an unavailable
 * {@link Availability} whose reason names the cause, so {@code --device auto} falls back to the CPU with
 * one logged line and {@code ./gradiente backends} explains why.
 */
public final class CudaProvider implements BackendProvider {
    private static Availability cached;

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String deviceType() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability probe() {
        return availability();
    }

    /** The probe result (computed once per JVM). */
    public static synchronized Availability availability() {
        if (cached == null) {
            cached = computeAvailability();
        }
        return cached;
    }

    /** Whether a CUDA device can be used here; tests use it in JUnit assumptions. */
    public static boolean available() {
        return availability().available();
    }

    /** Why not (or, when available, what was found). */
    public static String reason() {
        return availability().reason();
    }

    private static Availability computeAvailability() {
        int count;
        try {
            count = CudaDevice.deviceCount();
        } catch (Throwable t) {
            return Availability.no("JCuda driver library did not load or CUDA failed to initialise: "
                    + NativeErrors.describe(t));
        }
        if (count == 0) {
            return Availability.no("the CUDA driver loaded (CUDA " + safeDriverVersion() + ") but found no CUDA device");
        }
        try {
            CudaDevice d = CudaDevice.open(0);
            return Availability.yes(count + " device(s), cuda:0 = " + d.describe() + ", driver CUDA "
                    + safeDriverVersion() + "; " + CudaLibraries.summary());
        } catch (Throwable t) {
            return Availability.no("CUDA device 0 could not be opened: " + NativeErrors.describe(t));
        }
    }

    private static String safeDriverVersion() {
        try {
            return CudaDevice.driverVersion();
        } catch (Throwable t) {
            return "unknown";
        }
    }

    @Override
    public Backend create(int deviceIndex) {
        return new CudaBackend(CudaDevice.open(deviceIndex));
    }
}
