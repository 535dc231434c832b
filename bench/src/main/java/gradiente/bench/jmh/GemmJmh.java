package gradiente.bench.jmh;

import gradiente.tensor.Backend;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import gradiente.tensor.cpu.CpuBackend;
import gradiente.tensor.cpu.ReferenceBackend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: float32 {@code C = A B} for square sizes 64 to 2048, packed SIMD GEMM ({@code cpu}) against the scalar
 * reference. GFLOP/s = {@code 2 n^3 / (ms * 1e6)}. The reference is skipped above n = 512 unless asked
 * for with {@code -p backend=reference -p n=1024} (it takes seconds per product).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmJmh {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    int n;

    @Param({"cpu"})
    String backend;

    private Backend be;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void setup() {
        be = backend.equals("reference") ? new ReferenceBackend() : new CpuBackend();
        Generator g = new Generator(1);
        a = Tensor.rand(g, DType.FLOAT32, n, n);
        b = Tensor.rand(g, DType.FLOAT32, n, n);
        c = Tensor.zeros(DType.FLOAT32, n, n);
    }

    @Benchmark
    public Tensor matmul() {
        be.matmul(a, b, c);
        return c;
    }
}
