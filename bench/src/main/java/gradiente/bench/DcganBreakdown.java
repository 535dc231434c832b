package gradiente.bench;

import gradiente.autograd.Autograd;
import gradiente.autograd.Profiler;
import gradiente.generative.gan.DiscriminatorNet;
import gradiente.generative.gan.GeneratorNet;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Where the time of DCGAN updates goes ({@code bench dcgan --breakdown}): updates run under a
 * {@link Profiler} recording and the JVM's counters, and the result is printed per update as
 * <pre>
 *   dcgan-phase variant=V phase=P ms=T pct=S alloc_mb=A        G forward/backward, D forward/backward, loss, autograd,
 *                                                              optimizer, untracked
 *   dcgan-kind variant=V kind=K ms=T pct=S gflops=G alloc_mb=A conv, dense, batch_norm, elementwise (every other op)
 *   dcgan-op variant=V phase=P dir=D op=O calls=N ms=T gflops=G alloc_mb=A      the ten slowest (phase, direction, op)
 *   dcgan-alloc ... (the same fields)                          the ten largest allocators
 *   dcgan-memory variant=V gc_ms=T gc_pct=S gc_count=N alloc_mb=A heap_mb=M
 *   dcgan-flop variant=V counted_gflop=C model_gflop=M
 * </pre>
 * Phases: {@code g_forward}/{@code d_forward} are the ops applied inside the networks' forward passes,
 * {@code g_backward}/{@code d_backward} the backward rules of their nodes (D's in both steps: its
 * own update and G's gradient through it); {@code loss} the ops outside both networks (joining the
 * batches, the cross-entropy) forward and backward; {@code autograd} the backward engine's own work
 * (ordering the graph, summing gradients); {@code optimizer} Adam's steps and clearing the gradients
 * (inclusive time: its tensor arithmetic is not made of graph ops); {@code untracked} the rest of the
 * update's wall time (latent sampling, dropout masks are inside the forward ops, the measurements).
 * Op times are exclusive and include the allocation of their results; GC pauses fall into whichever op
 * was running, and {@code dcgan-memory} reports them separately. {@code counted_gflop} is what the ops
 * reported ({@link gradiente.autograd.Function#multiplyAdds}), which should equal {@link DcganFlops#update}. {@code alloc_mb} of ops and phases counts what the calling
 * thread allocated (tensor results, the kernels' scratch allocated before they fork); the phase
 * {@code untracked} of {@code alloc_mb} is the rest of all threads' allocation ({@code dcgan-memory}'s).
 *
 * @param update     the measured update (its variant and batch)
 * @param updates    how many updates were profiled
 * @param wallNanos  their total wall time
 * @param entries    the profiler's entries
 * @param phaseNanos the profiler's inclusive phase times
 * @param phaseBytes the profiler's inclusive phase allocations
 * @param counted    multiply-adds the ops reported
 * @param jvm        GC and allocation over the updates
 * @param peakHeap   largest peak heap of an update, bytes
 */
public record DcganBreakdown(DcganUpdate update, int updates, long wallNanos, List<Profiler.Entry> entries,
                             Map<String, Long> phaseNanos, Map<String, Long> phaseBytes, long counted, JvmCounters jvm,
                             long peakHeap) {

    /** Runs {@code updates} profiled updates. */
    public static DcganBreakdown measure(DcganUpdate update, int updates) {
        long wall = 0;
        long peak = 0;
        JvmCounters before = JvmCounters.now();
        try (Profiler.Recording rec = Profiler.start(JvmCounters.threadAllocation())) {
            for (int i = 0; i < updates; i++) {
                Tensor real = update.realBatch();
                JvmCounters.resetPeakHeap();
                long t0 = System.nanoTime();
                update.step(real);
                wall += System.nanoTime() - t0;
                peak = Math.max(peak, JvmCounters.peakHeapBytes());
            }
            JvmCounters used = JvmCounters.now().minus(before);
            return new DcganBreakdown(update, updates, wall, rec.entries(), Map.copyOf(rec.phaseNanos()),
                    Map.copyOf(rec.phaseBytes()), rec.multiplyAdds(),
                    used, peak);
        }
    }

    /** Milliseconds per update of each phase, in report order. */
    public Map<String, Double> phases() {
        Map<String, Double> ms = split(Profiler.Entry::nanos, phaseNanos, wallNanos);
        ms.replaceAll((k, v) -> v / 1e6 / updates);
        return ms;
    }

    /** Megabytes allocated on the recording thread per update by each phase ({@code untracked}: the rest of all threads' allocation). */
    public Map<String, Double> phaseMegabytes() {
        Map<String, Double> mb = split(Profiler.Entry::bytes, phaseBytes, Math.max(0, jvm.allocatedBytes()));
        mb.replaceAll((k, v) -> v / (1 << 20) / updates);
        return mb;
    }

    /**
     * A quantity of the entries (time or bytes) split into the report's phases; {@code untracked} is
     * {@code whole} minus the rest.
     */
    private Map<String, Double> split(ToLongFunction<Profiler.Entry> of, Map<String, Long> inclusive, long whole) {
        Map<String, Double> ns = new LinkedHashMap<>();
        for (String p : List.of("g_forward", "g_backward", "d_forward", "d_backward", "loss", "autograd", "optimizer", "untracked")) {
            ns.put(p, 0.0);
        }
        double backward = 0;
        for (Profiler.Entry e : entries) {
            String key = switch (e.phase()) {
                case GeneratorNet.PHASE -> e.backward() ? "g_backward" : "g_forward";
                case DiscriminatorNet.PHASE -> e.backward() ? "d_backward" : "d_forward";
                case Autograd.PHASE -> "autograd";
                case Optimizer.PHASE -> "optimizer";
                default -> "loss";
            };
            if (e.backward()) {
                backward += of.applyAsLong(e);
            }
            if (!e.phase().equals(Autograd.PHASE)) {
                ns.merge(key, (double) of.applyAsLong(e), Double::sum);
            }
        }
        // The engine: the backward passes' inclusive figure minus the backward rules run inside them.
        ns.put("autograd", inclusive.getOrDefault(Autograd.PHASE, 0L) - backward);
        ns.merge("optimizer", (double) inclusive.getOrDefault(Optimizer.PHASE, 0L), Double::sum);
        double tracked = ns.values().stream().mapToDouble(Double::doubleValue).sum();
        ns.put("untracked", whole - tracked);
        return ns;
    }

    /** The op kind of a Function name. */
    static String kind(String op) {
        return switch (op) {
            case "conv2d", "conv_transpose2d", "conv2d_weight_grad" -> "conv";
            case "matmul" -> "dense";
            default -> op.startsWith("batch_norm") ? "batch_norm" : "elementwise";
        };
    }

    /** The ten entries largest by {@code by}, one line each. */
    private void printTop(PrintStream out, String tag, ToLongFunction<Profiler.Entry> by) {
        List<Profiler.Entry> top = new ArrayList<>(entries);
        top.sort(Comparator.comparingLong(by).reversed());
        for (Profiler.Entry e : top.subList(0, Math.min(10, top.size()))) {
            out.printf(Locale.ROOT, "%s variant=%s phase=%s dir=%s op=%s calls=%d ms=%.1f gflops=%.1f alloc_mb=%.1f%n", tag,
                    update.variant().id(), e.phase(), e.backward() ? "backward" : "forward", e.op(), e.calls() / updates,
                    e.nanos() / 1e6 / updates, e.nanos() == 0 ? 0 : 2.0 * e.macs() / e.nanos(),
                    e.bytes() / (double) (1 << 20) / updates);
        }
    }

    /** Prints the report lines. */
    public void print(PrintStream out) {
        String v = update.variant().id();
        double msPerUpdate = wallNanos / 1e6 / updates;
        Map<String, Double> mb = phaseMegabytes();
        phases().forEach((p, ms) -> out.printf(Locale.ROOT, "dcgan-phase variant=%s phase=%s ms=%.1f pct=%.1f alloc_mb=%.0f%n", v,
                p, ms, 100 * ms / msPerUpdate, mb.get(p)));
        Map<String, long[]> kinds = new LinkedHashMap<>();
        for (String k : List.of("conv", "dense", "batch_norm", "elementwise")) {
            kinds.put(k, new long[3]);
        }
        for (Profiler.Entry e : entries) {
            long[] a = kinds.get(kind(e.op()));
            a[0] += e.nanos();
            a[1] += e.macs();
            a[2] += e.bytes();
        }
        kinds.forEach((k, a) -> out.printf(Locale.ROOT, "dcgan-kind variant=%s kind=%s ms=%.1f pct=%.1f gflops=%.1f alloc_mb=%.0f%n",
                v, k, a[0] / 1e6 / updates, 100.0 * a[0] / wallNanos, a[0] == 0 ? 0 : 2.0 * a[1] / a[0],
                a[2] / (double) (1 << 20) / updates));
        printTop(out, "dcgan-op", Profiler.Entry::nanos);
        printTop(out, "dcgan-alloc", Profiler.Entry::bytes);
        out.printf(Locale.ROOT, "dcgan-memory variant=%s gc_ms=%.1f gc_pct=%.1f gc_count=%.1f alloc_mb=%.0f heap_mb=%d%n", v,
                jvm.gcMillis() / (double) updates, 100.0 * jvm.gcMillis() * 1e6 / wallNanos, jvm.gcCount() / (double) updates,
                jvm.allocatedBytes() < 0 ? Double.NaN : jvm.allocatedBytes() / (double) updates / (1 << 20), peakHeap >> 20);
        int b = update.batch();
        out.printf(Locale.ROOT, "dcgan-flop variant=%s counted_gflop=%.2f model_gflop=%.2f%n", v,
                2.0 * counted / updates / 1e9, DcganFlops.update(b) / 1e9);
    }
}
