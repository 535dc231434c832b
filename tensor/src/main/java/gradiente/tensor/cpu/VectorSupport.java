package gradiente.tensor.cpu;

import java.util.Optional;

/**
 * Whether the Vector API ({@code jdk.incubator.vector}), on which every SIMD kernel of
 * {@link CpuBackend} is built, can be used in this JVM. It is an incubator module, so the JVM resolves it
 * only when started with {@code --add-modules jdk.incubator.vector}; without it the first SIMD kernel
 * would die with {@code NoClassDefFoundError: jdk/incubator/vector/Vector} from inside an op.
 *
 * <p>This class touches no Vector API type: it asks the boot layer for the module and then loads one
 * class by name without initialising it, so calling it is safe when the module is missing. Nothing on
 * the reference path ({@link ReferenceBackend}) loads a class that imports {@code jdk.incubator.vector}.
 */
public final class VectorSupport {
    /** The JVM option that makes the Vector API readable. */
    public static final String FLAG = "--add-modules jdk.incubator.vector";

    private static final String MODULE = "jdk.incubator.vector";
    private static volatile Optional<String> problem;

    private VectorSupport() {
    }

    /** True when the Vector API is readable, so the fast kernels can run. */
    public static boolean available() {
        return problem().isEmpty();
    }

    /** Why the Vector API cannot be used, or empty when it can. */
    public static Optional<String> problem() {
        Optional<String> p = problem;
        if (p == null) {
            p = probe();
            problem = p;
        }
        return p;
    }

    private static Optional<String> probe() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return Optional.of("the module " + MODULE + " is not in the boot layer");
        }
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, VectorSupport.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of(MODULE + " cannot be loaded (" + e + ")");
        }
    }

    /**
     * The one line logged when the CPU backend falls back: what is missing, what is lost and the flag
     * that restores it.
     */
    public static String fallbackMessage() {
        return "gradiente: " + problem().orElse(MODULE + " is readable") + ", so the CPU backend runs its scalar, "
                + "single-threaded reference kernels (no SIMD, no multi-threading: many times slower); start java with "
                + FLAG + " to restore the fast kernels";
    }

    /**
     * Fails at once, naming the flag, when the fast kernels were asked for explicitly but cannot run.
     *
     * @param who what asked for the fast kernels (e.g. {@code "gradiente.cpu=fast"} or {@code "CpuBackend"})
     * @throws IllegalStateException when the Vector API is not readable
     */
    public static void require(String who) {
        if (!available()) {
            throw new IllegalStateException(who + ": the fast CPU kernels need the Vector API, but "
                    + problem().orElseThrow() + "; start java with " + FLAG
                    + " (or leave gradiente.cpu unset to fall back to the scalar reference kernels)");
        }
    }
}
