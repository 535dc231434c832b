package gradiente.tensor.cpu;

import gradiente.tensor.Backend;
import gradiente.tensor.BackendProvider;

/**
 * Registers the CPU backend. Always available. The system property {@code gradiente.cpu=reference}
 * (or the environment variable {@code GRADIENTE_CPU=reference}) selects the scalar reference kernels.
 */
public final class CpuProvider implements BackendProvider {
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
        return Availability.yes(Runtime.getRuntime().availableProcessors() + " cores, kernels: " + kernelChoice());
    }

    private static String kernelChoice() {
        String k = System.getProperty("gradiente.cpu");
        if (k == null) {
            k = System.getenv("GRADIENTE_CPU");
        }
        return "reference".equalsIgnoreCase(k) ? "reference" : "fast";
    }

    @Override
    public Backend create(int deviceIndex) {
        return kernelChoice().equals("reference") ? new ReferenceBackend() : new CpuBackend();
    }
}
