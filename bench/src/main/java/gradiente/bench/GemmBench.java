package gradiente.bench;

import gradiente.tensor.Backend;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import gradiente.tensor.cpu.CpuBackend;
import gradiente.tensor.cpu.ReferenceBackend;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente bench gemm --size N}: times {@code C = A B} for square float32 (or float64) matrices
 * on one backend and prints {@code gemm n=N gflops=G} per size, where {@code G = 2 N^3 / t / 1e9} and
 * {@code t} is the median of the timed iterations after warm-up (at least {@code --warmup} products and
 * {@code --warmup-ms} milliseconds, so that the JIT has compiled the vector kernels). The PyTorch peer is
 * {@code bench/scripts/torch_gemm.py}, which prints lines of the same form.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "Time square matrix products C = A B and print 'gemm n=N gflops=G' (median).")
public final class GemmBench implements BenchSubcommand, Callable<Integer> {
    @Option(names = "--size", split = ",", paramLabel = "N", description = "matrix size(s) (default ${DEFAULT-VALUE})", defaultValue = "1024")
    int[] sizes;

    @Option(names = "--warmup", description = "untimed iterations first (default ${DEFAULT-VALUE})", defaultValue = "3")
    int warmup;

    @Option(names = "--warmup-ms", description = "keep warming up for at least this long, so the JIT compiles the kernels (default ${DEFAULT-VALUE})", defaultValue = "1500")
    long warmupMillis;

    @Option(names = "--iters", description = "timed iterations (default ${DEFAULT-VALUE})", defaultValue = "10")
    int iters;

    @Option(names = "--backend", description = "cpu (SIMD, all cores) or reference (scalar) (default ${DEFAULT-VALUE})", defaultValue = "cpu")
    String backend;

    @Option(names = "--dtype", description = "float32 or float64 (default ${DEFAULT-VALUE})", defaultValue = "float32")
    String dtype;

    @Override
    public Integer call() {
        Backend be = switch (backend.toLowerCase(Locale.ROOT)) {
            case "cpu", "fast" -> new CpuBackend();
            case "reference", "cpu-reference" -> new ReferenceBackend();
            default -> throw new IllegalArgumentException("bench gemm: unknown backend '" + backend + "' (cpu or reference)");
        };
        DType dt = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> DType.FLOAT32;
            case "float64", "f64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException("bench gemm: unknown dtype '" + dtype + "' (float32 or float64)");
        };
        if (iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("bench gemm: --iters must be >= 1 and --warmup >= 0");
        }
        System.out.println(Machine.current().measuredLine());
        for (int n : sizes) {
            double seconds = medianSeconds(be, dt, n);
            double gflops = 2.0 * n * n * (double) n / seconds / 1e9;
            System.out.printf(Locale.ROOT, "gemm n=%d gflops=%.1f ms=%.3f backend=%s dtype=%s threads=%d%n",
                    n, gflops, seconds * 1e3, be.name(), dt.name().toLowerCase(Locale.ROOT),
                    gradiente.tensor.cpu.CpuThreads.parallelism());
        }
        return 0;
    }

    private double medianSeconds(Backend be, DType dt, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("bench gemm: --size must be >= 1, got " + n);
        }
        Generator gen = new Generator(42);
        Tensor a = Tensor.rand(gen, dt, n, n);
        Tensor b = Tensor.rand(gen, dt, n, n);
        Tensor c = Tensor.zeros(dt, n, n);
        long warmEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            be.matmul(a, b, c);
        }
        double[] times = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            be.matmul(a, b, c);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        return Median.of(times);
    }
}
