package gradiente.bench.jmh;

import gradiente.tensor.Backend;
import gradiente.tensor.BinaryOp;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;
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
 * JMH: element-wise kernels on a float32 {@code [1024, 1024]} tensor, fast CPU path against the
 * reference: a broadcast add of a bias row, ReLU, and a sum over the last dimension.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ElementwiseJmh {
    @Param({"cpu", "reference"})
    String backend;

    private Backend be;
    private Tensor x;
    private Tensor bias;
    private Tensor out;
    private Tensor rowSums;

    @Setup
    public void setup() {
        be = backend.equals("reference") ? new ReferenceBackend() : new CpuBackend();
        Generator g = new Generator(1);
        x = Tensor.randn(g, DType.FLOAT32, 1024, 1024);
        bias = Tensor.randn(g, DType.FLOAT32, 1024).unsqueeze(0).expand(1024, 1024);
        out = Tensor.zeros(DType.FLOAT32, 1024, 1024);
        rowSums = Tensor.zeros(DType.FLOAT32, 1024, 1);
    }

    @Benchmark
    public Tensor addBias() {
        be.binary(BinaryOp.ADD, x, bias, out);
        return out;
    }

    @Benchmark
    public Tensor relu() {
        be.unary(UnaryOp.RELU, 0, 0, x, out);
        return out;
    }

    @Benchmark
    public Tensor sumLastDim() {
        be.reduce(ReduceOp.SUM, x, new int[] {1}, rowSums);
        return rowSums;
    }
}
