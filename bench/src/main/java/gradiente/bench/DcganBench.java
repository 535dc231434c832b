package gradiente.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente bench dcgan}: times one full thesis Algorithm 1 update of the thesis 4.2 DCGAN
 * ({@link DcganUpdate}: the library code of {@code train dcgan}) and prints, after the
 * {@link Machine#line machine line}, one line per variant
 * <pre>
 *   dcgan variant=thesis batch=256 s_per_update=2.10 gflops=61.7 heap_mb=1830
 * </pre>
 * where {@code s_per_update} is the median wall time of {@code --iters} updates after {@code --warmup}
 * untimed ones, {@code gflops} is {@link DcganFlops#update} divided by that time, and {@code heap_mb}
 * the largest peak heap of a timed update ({@link JvmCounters#peakHeapBytes}); with {@code --clock cpu}
 * the times are CPU time summed over the Java threads ({@link BenchClock}), for machines shared with
 * other work (the breakdown stays in wall time). With
 * {@code --breakdown} the same number of further updates runs under the {@link gradiente.autograd.Profiler}
 * and {@link DcganBreakdown} prints where their time went. The PyTorch peer is
 * {@code bench/scripts/torch_dcgan.py --bench}.
 */
@Command(name = "dcgan", mixinStandardHelpOptions = true,
        description = "Time one thesis Algorithm 1 update of the thesis DCGAN and print "
                + "'dcgan variant=V batch=B s_per_update=T gflops=G heap_mb=M' (median).")
public final class DcganBench implements BenchSubcommand, Callable<Integer> {
    @Option(names = "--variant", split = ",", paramLabel = "V", description = "thesis and/or batchnorm (default ${DEFAULT-VALUE})",
            defaultValue = "thesis,batchnorm")
    List<String> variants;

    @Option(names = "--batch", description = "images per discriminator step, half real and half generated (default ${DEFAULT-VALUE})",
            defaultValue = "256")
    int batch;

    @Option(names = "--warmup", description = "untimed updates first, so the JIT has compiled the kernels (default ${DEFAULT-VALUE})",
            defaultValue = "3")
    int warmup;

    @Option(names = "--iters", description = "timed updates; the median is printed (default ${DEFAULT-VALUE})", defaultValue = "5")
    int iters;

    @Option(names = "--seed", description = "train dcgan's --seed: weights, dropout, noise (default ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--clock", description = "wall: elapsed time (default); cpu: CPU time of all Java threads (the caller "
            + "and the kernel pool, not GC or JIT), a per-core figure that hardly depends on other processes' load", defaultValue = "wall")
    String clock;

    @Option(names = "--breakdown", description = "then run --iters profiled updates and print where the time goes "
            + "(phases, op kinds, GC and allocation per update)")
    boolean breakdown;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        if (iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("bench dcgan: --iters must be >= 1 and --warmup >= 0, got " + iters + " and " + warmup);
        }
        BenchClock timer = BenchClock.parse("bench dcgan", clock);
        List<DcganUpdate.Variant> chosen = variants.stream().map(DcganUpdate.Variant::parse).toList();
        out.println(Machine.current().measuredLine());
        for (DcganUpdate.Variant v : chosen) {
            DcganUpdate update = new DcganUpdate(v, batch, seed);
            for (int i = 0; i < warmup; i++) {
                update.step(update.realBatch());
            }
            double[] seconds = new double[iters];
            long peak = 0;
            for (int i = 0; i < iters; i++) {
                var real = update.realBatch();
                JvmCounters.resetPeakHeap();
                long t0 = timer.now();
                update.step(real);
                seconds[i] = (timer.now() - t0) / 1e9;
                peak = Math.max(peak, JvmCounters.peakHeapBytes());
            }
            double t = Median.of(seconds);
            out.printf(Locale.ROOT, "dcgan variant=%s batch=%d s_per_update=%.3f gflops=%.1f heap_mb=%d%n", v.id(), batch, t,
                    DcganFlops.update(batch) / t / 1e9, peak >> 20);
            if (breakdown) {
                DcganBreakdown.measure(update, iters).print(out);
            }
        }
        return 0;
    }
}
