package gradiente.bench.jmh;

import gradiente.tensor.Backends;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Normalization;
import gradiente.tensor.Tensor;
import gradiente.tensor.cpu.CpuBackend;
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
 * JMH: training-mode batch normalisation forward and backward (float32) at the DCGAN generator's
 * batch-norm sizes with batch 256 ({@code [256, 128, 28, 28]}, {@code 14}, {@code 7}): the CPU
 * backend's fused kernels ({@code impl=fused}) against the composition of tensor ops
 * ({@code impl=composite}, what other backends inherit). Milliseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class BatchNormJmh {
    @Param({"28", "14", "7"})
    int side;

    @Param({"fused", "composite"})
    String impl;

    private Tensor x;
    private Tensor dy;
    private Tensor w;
    private Tensor b;
    private Normalization.Forward stats;
    private final CpuBackend cpu = new CpuBackend();

    @Setup
    public void setup() {
        Generator g = new Generator(1);
        x = Tensor.randn(g, DType.FLOAT32, 256, 128, side, side);
        dy = Tensor.randn(g, DType.FLOAT32, 256, 128, side, side);
        w = Tensor.randn(g, DType.FLOAT32, 128);
        b = Tensor.randn(g, DType.FLOAT32, 128);
        stats = Backends.withCpuBackend(cpu, () -> Normalization.batchNorm(x, w, b, 1e-5));
    }

    @Benchmark
    public Tensor forward() {
        return Backends.withCpuBackend(cpu, () -> {
            if (impl.equals("fused")) {
                return Normalization.batchNorm(x, w, b, 1e-5).out();
            }
            Tensor out = Tensor.zeros(DType.FLOAT32, x.device(), x.shape());
            Normalization.compositeForward(x, w, b, 1e-5, out, Tensor.zeros(128), Tensor.zeros(128));
            return out;
        });
    }

    @Benchmark
    public Tensor backward() {
        return Backends.withCpuBackend(cpu, () -> {
            if (impl.equals("fused")) {
                return Normalization.batchNormBackward(x, dy, stats.mean(), stats.var(), w, 1e-5).gradIn();
            }
            Tensor gi = Tensor.zeros(DType.FLOAT32, x.device(), x.shape());
            Normalization.compositeBackward(x, dy, stats.mean(), stats.var(), w, 1e-5, gi, Tensor.zeros(128), Tensor.zeros(128));
            return gi;
        });
    }
}
