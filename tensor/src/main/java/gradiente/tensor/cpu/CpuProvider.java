package gradiente.tensor.cpu;

import gradiente.tensor.Backend;
import gradiente.tensor.BackendProvider;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Registers the CPU backend. Always available. The system property {@code gradiente.cpu} (else the
 * environment variable {@code GRADIENTE_CPU}) chooses the kernels:
 * <ul>
 *   <li>unset (the default): the fast kernels ({@link CpuBackend}) when the Vector API is readable,
 *       else the scalar {@link ReferenceBackend} with one line on standard error saying what was lost and
 *       that {@code --add-modules jdk.incubator.vector} restores it ({@link VectorSupport#fallbackMessage});</li>
 *   <li>{@code fast}: the fast kernels, and an {@link IllegalStateException} naming the flag at backend
 *       creation (the first tensor op) when the Vector API is not readable: asked for explicitly, they are
 *       never silently replaced;</li>
 *   <li>{@code reference}: the scalar reference kernels.</li>
 * </ul>
 * The check runs before any class that imports {@code jdk.incubator.vector} is loaded, so a missing
 * module never surfaces as a {@code NoClassDefFoundError} from inside an op.
 */
public final class CpuProvider implements BackendProvider {
    private static final System.Logger LOG = System.getLogger("gradiente.backends");

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String deviceType() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        String kernels = switch (kernelChoice()) {
            case "reference" -> "reference";
            case "fast" -> VectorSupport.available() ? "fast" : "fast requested, but " + VectorSupport.problem().orElseThrow()
                    + " (start java with " + VectorSupport.FLAG + ")";
            default -> VectorSupport.available() ? "fast" : "reference, because " + VectorSupport.problem().orElseThrow()
                    + " (start java with " + VectorSupport.FLAG + " for the fast kernels)";
        };
        return Availability.yes(Runtime.getRuntime().availableProcessors() + " cores, kernels: " + kernels);
    }

    /** {@code reference}, {@code fast} (asked for explicitly) or {@code default}. */
    private static String kernelChoice() {
        String k = System.getProperty("gradiente.cpu");
        if (k == null) {
            k = System.getenv("GRADIENTE_CPU");
        }
        if (k == null || k.isBlank()) {
            return "default";
        }
        String v = k.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("reference") && !v.equals("fast")) {
            throw new IllegalArgumentException("gradiente.cpu / GRADIENTE_CPU: expected fast or reference, got '" + k + "'");
        }
        return v;
    }

    @Override
    public Backend create(int deviceIndex) {
        switch (kernelChoice()) {
            case "reference":
                return new ReferenceBackend();
            case "fast":
                VectorSupport.require("gradiente.cpu=fast");
                return new CpuBackend();
            default:
                if (!VectorSupport.available()) {
                    String line = VectorSupport.fallbackMessage();
                    LOG.log(Level.DEBUG, line);
                    System.err.println(line);
                    return new ReferenceBackend();
                }
                return new CpuBackend();
        }
    }
}
