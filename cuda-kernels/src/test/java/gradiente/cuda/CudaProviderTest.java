package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import gradiente.tensor.BackendProvider;
import gradiente.tensor.Backends;
import gradiente.tensor.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider is found by ServiceLoader and its probe explains itself and never throws. */
class CudaProviderTest {
    @Test
    void serviceLoaderFindsTheCudaProviderAboveTheCpu() {
        List<BackendProvider> ps = Backends.providers();
        assertThat(ps).anySatisfy(p -> assertThat(p).isInstanceOf(CudaProvider.class));
        assertThat(ps.get(0).name()).isEqualTo("cuda");
    }

    @Test
    void probeReturnsAReasonEitherWay() {
        BackendProvider.Availability a = new CudaProvider().probe();
        assertThat(a.reason()).isNotBlank();
        if (a.available()) {
            assertThat(a.reason()).contains("cuda:0 =").contains("convolution:").contains("GEMM:");
        } else {
            assertThat(a.reason()).containsAnyOf("did not load", "no CUDA device", "could not be opened");
        }
    }

    @Test
    void describeListsCudaWithItsAvailability() {
        assertThat(Backends.describe()).anySatisfy(line -> assertThat(line).startsWith("cuda (priority 10): "));
    }

    @Test
    void withoutADeviceAutoFallsBackToTheCpuAndCudaFailsWithTheReason() {
        assumeFalse(CudaProvider.available(), "a CUDA device is present: the fallback path is not exercised here");
        assertThat(Backends.resolve("auto")).isEqualTo(Device.CPU);
        try {
            Backends.forDevice(Device.cuda());
            throw new AssertionError("cuda resolved without a device");
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("cuda:0").contains(CudaProvider.reason());
        }
    }

    @Test
    void missingDriverIsNamedInPlainWords() {
        String text = NativeErrors.describe(new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file\n"
                + "\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)"));
        assertThat(text).contains("libcuda.so.1: cannot open shared object file").contains("no NVIDIA driver");
        assertThat(NativeErrors.describe(new UnsatisfiedLinkError("libcudnn.so.9: cannot open shared object file")))
                .contains("cuDNN 9 not found").contains("LD_LIBRARY_PATH");
    }
}
