package gradiente.bench;

import gradiente.tensor.Backend;
import gradiente.tensor.cpu.CpuBackend;
import gradiente.tensor.cpu.ReferenceBackend;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente bench conv}: times the convolution layers of the thesis DCGAN and CNN classifier
 * ({@link ConvLayer#THESIS}) and prints one line per layer, batch and pass,
 * {@code conv layer=g.convT2 batch=64 pass=fwd+bwd ms=210.0 gflops=95.0}, where {@code ms} is the median
 * of the timed iterations (after {@code --warmup} untimed ones and at least {@code --warmup-ms}, so that
 * the JIT has compiled the vector kernels: interpreted Vector API code is ~100 times slower) and {@code gflops} counts 2 flops per multiply-add of the pass (the forward
 * pass, or the forward pass plus the input and weight gradients). With {@code --clock cpu} the times are
 * the CPU time of all Java threads instead, a per-core figure for machines shared with other work. The PyTorch peer
 * {@code bench/scripts/torch_conv.py} prints lines of the same form.
 */
@Command(name = "conv", mixinStandardHelpOptions = true,
        description = "Time the DCGAN/CNN convolution layers and print 'conv layer=L batch=N pass=P ms=T gflops=G'.")
public final class ConvBench implements BenchSubcommand, Callable<Integer> {
    @Option(names = "--batch", split = ",", paramLabel = "N", description = "batch size(s) (default ${DEFAULT-VALUE})", defaultValue = "64,256")
    int[] batches;

    @Option(names = "--layer", split = ",", paramLabel = "NAME", description = "only these layers (g.convT1, g.convT2, g.conv, d.conv1, d.conv2, c.conv1, c.conv2)")
    List<String> layers;

    @Option(names = "--pass", split = ",", paramLabel = "P", description = "fwd and/or fwd+bwd; for diagnosis also din (input gradient) and dw (weight gradient) (default ${DEFAULT-VALUE})", defaultValue = "fwd,fwd+bwd")
    List<String> passes;

    @Option(names = "--warmup", description = "untimed iterations per layer and pass first (default ${DEFAULT-VALUE})", defaultValue = "2")
    int warmup;

    @Option(names = "--warmup-ms", description = "keep warming up each layer and pass for at least this long, so the JIT has compiled the kernels (default ${DEFAULT-VALUE})", defaultValue = "3000")
    long warmupMillis;

    @Option(names = "--iters", description = "timed iterations (default ${DEFAULT-VALUE})", defaultValue = "5")
    int iters;

    @Option(names = "--clock", description = "wall: elapsed time (default); cpu: CPU time of all Java threads "
            + "(the caller and the kernel pool), so that ms and gflops are per core and hardly depend on other processes' load", defaultValue = "wall")
    String clock;

    @Option(names = "--backend", description = "cpu (SIMD, all cores) or reference (scalar) (default ${DEFAULT-VALUE})", defaultValue = "cpu")
    String backend;

    @Override
    public Integer call() {
        Backend be = switch (backend.toLowerCase(Locale.ROOT)) {
            case "cpu", "fast" -> new CpuBackend();
            case "reference", "cpu-reference" -> new ReferenceBackend();
            default -> throw new IllegalArgumentException("bench conv: unknown backend '" + backend + "' (cpu or reference)");
        };
        if (iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("bench conv: --iters must be >= 1 and --warmup >= 0");
        }
        BenchClock timer = BenchClock.parse("bench conv", clock);
        for (String p : passes) {
            if (!List.of("fwd", "fwd+bwd", "din", "dw").contains(p)) {
                throw new IllegalArgumentException("bench conv: unknown pass '" + p + "' (fwd, fwd+bwd, din or dw)");
            }
        }
        System.out.println(Machine.current().measuredLine());
        List<ConvLayer> chosen = layers == null ? ConvLayer.THESIS : layers.stream().map(ConvLayer::named).toList();
        for (int batch : batches) {
            if (batch < 1) {
                throw new IllegalArgumentException("bench conv: --batch must be >= 1, got " + batch);
            }
            for (ConvLayer layer : chosen) {
                ConvLayer.Operands ops = layer.operands(be, batch, 42);
                for (String pass : passes) {
                    Supplier<?> run = switch (pass) {
                        case "fwd" -> ops::forward;
                        case "din" -> ops::inputGradient;
                        case "dw" -> ops::weightGradient;
                        default -> ops::forwardBackward;
                    };
                    double seconds = medianSeconds(run, timer);
                    double flops = layer.flops(batch, pass.equals("fwd+bwd"));
                    System.out.printf(Locale.ROOT, "conv layer=%s batch=%d pass=%s ms=%.1f gflops=%.1f%n", layer.name(),
                            batch, pass, seconds * 1e3, flops / seconds / 1e9);
                }
            }
        }
        return 0;
    }

    private double medianSeconds(Supplier<?> pass, BenchClock timer) {
        long warmEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            pass.get();
        }
        double[] times = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = timer.now();
            pass.get();
            times[i] = (timer.now() - t0) / 1e9;
        }
        return Median.of(times);
    }
}
