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
 * JMH: float32 {@code C = A B}, packed SIMD GEMM ({@code cpu}) against the scalar reference, for square
 * sizes 64 to 2048 ({@code shape=N}) and the products of the thesis DCGAN's dense layers at batch 256
 * ({@code shape=MxKxN} for {@code [M, K] @ [K, N]}):
 * <ul>
 *   <li>{@code 256x100x6272}: generator Dense(6272) forward, {@code z W^T};</li>
 *   <li>{@code 256x6272x100}: its input gradient {@code dY W} (long inner dimension);</li>
 *   <li>{@code 6272x256x100}: its weight gradient {@code dY^T z};</li>
 *   <li>{@code 256x3136x1}: discriminator Dense(1) forward on the flattened 64x7x7 features (a GEMV);</li>
 *   <li>{@code 1x256x3136}: its weight gradient.</li>
 * </ul>
 * GFLOP/s = {@code 2 M K N / (ms * 1e6)}. The reference is skipped above n = 512 unless asked
 * for with {@code -p backend=reference -p shape=1024} (it takes seconds per product).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class GemmJmh {
    @Param({"64", "128", "256", "512", "1024", "2048",
            "256x100x6272", "256x6272x100", "6272x256x100", "256x3136x1", "1x256x3136"})
    String shape;

    @Param({"cpu"})
    String backend;

    private Backend be;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void setup() {
        String[] p = shape.contains("x") ? shape.split("x") : new String[] {shape, shape, shape};
        int m = Integer.parseInt(p[0]);
        int k = Integer.parseInt(p[1]);
        int n = Integer.parseInt(p[2]);
        be = backend.equals("reference") ? new ReferenceBackend() : new CpuBackend();
        Generator g = new Generator(1);
        a = Tensor.rand(g, DType.FLOAT32, m, k);
        b = Tensor.rand(g, DType.FLOAT32, k, n);
        c = Tensor.zeros(DType.FLOAT32, m, n);
    }

    @Benchmark
    public Tensor matmul() {
        be.matmul(a, b, c);
        return c;
    }
}
