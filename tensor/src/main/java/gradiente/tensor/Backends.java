package gradiente.tensor;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader}, probes them, and maps devices to backends.
 *
 * <p>The default device for new tensors comes from the system property {@code gradiente.device}, else
 * the environment variable {@code GRADIENTE_DEVICE}, else {@code cpu}. The value {@code auto} picks the
 * available backend with the highest priority and logs one line naming why any better one was skipped.
 * The CPU backend is always available; its kernels are the fast (SIMD, multi-threaded) ones unless
 * {@code gradiente.cpu=reference} selects the scalar reference kernels, or the JVM was started without
 * {@code --add-modules jdk.incubator.vector}: then the reference kernels run and one line on standard
 * error names the flag ({@code gradiente.cpu=fast} makes that an error instead; see
 * {@link gradiente.tensor.cpu.CpuProvider}).
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger("gradiente.backends");
    private static final Map<Device, Backend> CREATED = new HashMap<>();
    private static final ThreadLocal<Backend> CPU_OVERRIDE = new ThreadLocal<>();
    private static List<BackendProvider> providers;
    private static volatile Device defaultDevice;

    private Backends() {
    }

    /** All providers on the class path, highest priority first. */
    public static synchronized List<BackendProvider> providers() {
        if (providers == null) {
            List<BackendProvider> found = new ArrayList<>();
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
                found.add(p);
            }
            found.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
            providers = List.copyOf(found);
        }
        return providers;
    }

    /** The backend computing on a device (created on first use). */
    public static Backend forDevice(Device device) {
        if (device.isCpu()) {
            Backend o = CPU_OVERRIDE.get();
            if (o != null) {
                return o;
            }
        }
        synchronized (Backends.class) {
            Backend b = CREATED.get(device);
            if (b != null) {
                return b;
            }
            List<String> reasons = new ArrayList<>();
            for (BackendProvider p : providers()) {
                if (!p.deviceType().equals(device.type())) {
                    continue;
                }
                BackendProvider.Availability a = safeProbe(p);
                if (a.available()) {
                    b = p.create(device.index());
                    CREATED.put(device, b);
                    return b;
                }
                reasons.add(p.name() + ": " + a.reason());
            }
            throw new IllegalStateException("no backend for device " + device
                    + (reasons.isEmpty() ? " (no provider of that device type is on the class path)" : " (" + String.join("; ", reasons) + ")"));
        }
    }

    private static BackendProvider.Availability safeProbe(BackendProvider p) {
        try {
            return p.probe();
        } catch (Throwable t) {
            return BackendProvider.Availability.no("probe failed: " + t);
        }
    }

    /**
     * Resolves a device name: {@code cpu}, {@code cuda}, {@code cuda:N}, or {@code auto} (the available
     * backend of highest priority; the reasons for skipping better ones are logged).
     */
    public static Device resolve(String spec) {
        if (!spec.trim().equalsIgnoreCase("auto")) {
            Device d = Device.parse(spec);
            forDevice(d); // fails with the reason when unavailable
            return d;
        }
        for (BackendProvider p : providers()) {
            BackendProvider.Availability a = safeProbe(p);
            if (a.available()) {
                return new Device(p.deviceType(), 0);
            }
            LOG.log(Level.INFO, "backend " + p.name() + " skipped: " + a.reason());
            System.err.println("gradiente: backend " + p.name() + " unavailable, falling back: " + a.reason());
        }
        return Device.CPU;
    }

    /** The device new tensors are created on unless another is named. */
    public static Device defaultDevice() {
        Device d = defaultDevice;
        if (d == null) {
            String spec = System.getProperty("gradiente.device");
            if (spec == null) {
                spec = System.getenv("GRADIENTE_DEVICE");
            }
            d = spec == null || spec.isBlank() ? Device.CPU : resolve(spec);
            defaultDevice = d;
        }
        return d;
    }

    /** Changes the default device (e.g. from a {@code --device} flag). */
    public static void setDefaultDevice(Device device) {
        forDevice(device);
        defaultDevice = device;
    }

    /** One line per provider: name, priority and availability with its reason. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (BackendProvider p : providers()) {
            BackendProvider.Availability a = safeProbe(p);
            lines.add(p.name() + " (priority " + p.priority() + "): " + (a.available() ? "available" : "unavailable")
                    + (a.reason() == null || a.reason().isEmpty() ? "" : " - " + a.reason()));
        }
        return lines;
    }

    /**
     * Runs code with another backend serving the CPU device on this thread (tests run the same
     * tensor-level code over the reference and fast kernels this way).
     */
    public static <T> T withCpuBackend(Backend backend, java.util.function.Supplier<T> body) {
        Backend previous = CPU_OVERRIDE.get();
        CPU_OVERRIDE.set(backend);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CPU_OVERRIDE.remove();
            } else {
                CPU_OVERRIDE.set(previous);
            }
        }
    }
}
