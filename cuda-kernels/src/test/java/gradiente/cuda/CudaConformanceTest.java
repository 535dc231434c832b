package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradiente.tensor.Backends;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import gradiente.tensor.cpu.ReferenceBackend;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite ({@link Conformance}) on the CUDA backend against the CPU reference, plus the
 * device-memory lifecycle. Needs a CUDA device: without one every test is skipped with the probe's
 * reason (e.g. "libcuda.so.1: cannot open shared object file").
 */
class CudaConformanceTest {
    private static CudaBackend cuda;

    /** Each test is reported as skipped, with the reason, where there is no device. */
    @BeforeEach
    void device(org.junit.jupiter.api.TestInfo info) {
        boolean factory = info.getTestMethod().map(m -> m.isAnnotationPresent(TestFactory.class)).orElse(false);
        assumeTrue(factory || CudaProvider.available(), SKIP + CudaProvider.reason());
        if (CudaProvider.available()) {
            cuda = (CudaBackend) Backends.forDevice(Device.cuda());
        }
    }

    private static final String SKIP = "no CUDA device: ";

    /** Without a device: one skipped entry carrying the reason (a factory aborted in setup is not reported). */
    @TestFactory
    Stream<DynamicTest> everyOpMatchesTheCpuReference() {
        if (cuda == null) {
            return Stream.of(DynamicTest.dynamicTest("conformance suite",
                    () -> assumeTrue(false, SKIP + CudaProvider.reason())));
        }
        return new Conformance(cuda, new ReferenceBackend(), 42).checks().stream().map(check -> DynamicTest.dynamicTest(
                check.name(), () -> assertThat(check.error().getAsDouble()).as(check.name()).isLessThanOrEqualTo(check.tolerance())));
    }

    @Test
    void aScopeReleasesEveryBufferItsOpsCreated() {
        long before = cuda.memoryStats().liveBlocks();
        for (int round = 0; round < 3; round++) {
            try (CudaScope scope = CudaScope.open()) {
                for (Conformance.Check c : new Conformance(cuda, new ReferenceBackend(), round).checks()) {
                    c.error().getAsDouble();
                }
                assertThat(scope.size()).isPositive();
            }
            assertThat(cuda.memoryStats().liveBlocks()).as("live device buffers after round " + round).isEqualTo(before);
        }
        assertThat(cuda.memoryStats().cacheHits()).isPositive();
    }

    @Test
    void keptTensorsSurviveTheirScopeAndClosedStorageFailsClearly() {
        Tensor kept;
        Tensor dropped;
        try (CudaScope scope = CudaScope.open()) {
            kept = scope.keep(new Tensor(cuda.upload(new float[] {1, 2, 3}), Layout.contiguous(3)));
            dropped = new Tensor(cuda.upload(new float[] {4}), Layout.contiguous(1));
        }
        float[] back = new float[3];
        cuda.download(kept, back);
        assertThat(back).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> cuda.download(dropped, new float[1])).hasMessageContaining("used after it was closed");
        ((CudaStorage) kept.storage()).close();
    }

    @Test
    void badGatherIndexNamesTheOpAndPosition() {
        Tensor x = new Tensor(cuda.upload(new float[] {1, 2, 3}), Layout.contiguous(3));
        Tensor index = new Tensor(cuda.upload(new float[] {0, 7}), Layout.contiguous(2));
        Tensor out = new Tensor(cuda.allocate(DType.FLOAT32, 2), Layout.contiguous(2));
        assertThatThrownBy(() -> cuda.gather(x, 0, index, out))
                .hasMessageContaining("gather: index value 7.0 at flat position 1 is not an integer in [0, 3)");
    }

    @Test
    void tensorsMoveBetweenDevicesAndStayResident() {
        Tensor cpu = Tensor.of(new float[] {1, -2, 3, -4}, 2, 2);
        Tensor gpu = cpu.to(Device.cuda());
        assertThat(gpu.storage()).isInstanceOf(CudaStorage.class);
        Tensor r = gpu.relu().add(gpu).sum(0);
        assertThat(r.storage()).isInstanceOf(CudaStorage.class);
        assertThat(r.to(Device.CPU).toFloatArray()).containsExactly(2, -4);
    }
}
