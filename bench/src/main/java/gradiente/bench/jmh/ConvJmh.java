package gradiente.bench.jmh;

import gradiente.bench.ConvLayer;
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
 * JMH: the convolution layers of the thesis DCGAN and CNN classifier ({@link ConvLayer#THESIS}), forward
 * and forward + backward (input and weight gradients), float32, at batch 64 and 256. Scores are
 * milliseconds per pass; GFLOP/s = {@code ConvLayer.flops(batch, backward) / (ms * 1e6)}, i.e.
 * {@code 2 * macs / (ms * 1e6)} for {@code forward} and three times that for {@code forwardBackward}.
 * The reference backend is only practical for the small layers ({@code -p backend=reference -p layer=d.conv1}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class ConvJmh {
    @Param({"g.convT1", "g.convT2", "g.conv", "d.conv1", "d.conv2", "c.conv1", "c.conv2"})
    String layer;

    @Param({"64", "256"})
    int batch;

    @Param({"cpu"})
    String backend;

    private ConvLayer.Operands ops;

    @Setup
    public void setup() {
        ops = ConvLayer.named(layer).operands(backend.equals("reference") ? new ReferenceBackend() : new CpuBackend(),
                batch, 1);
    }

    @Benchmark
    public Tensor forward() {
        return ops.forward();
    }

    @Benchmark
    public Tensor forwardBackward() {
        return ops.forwardBackward();
    }
}
