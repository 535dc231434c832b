package gradiente.bench;

import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 FMA throughput this JVM actually reaches on this machine, measured: every thread runs 10
 * independent chains of {@code FloatVector.fma} (enough to hide a 4-cycle latency on two FMA pipes) for a
 * fixed count, all threads started together, best of three timed rounds after a warm-up. It is the peak the
 * kernels could reach, turbo and virtualisation included, where {@link Machine#peakGflops()} is an estimate
 * from the nominal clock (a virtual machine's {@code cpu MHz} is often below the real clock: on the AMD EPYC
 * of issue 12 the nominal 2.45 GHz gave 157 GFLOP/s for 2 cores while {@code bench/scripts/fma_peak.c}
 * measured 3.05 GHz and 92-93 GFLOP/s per core). About 0.3 s; the figure is only as quiet as the machine.
 */
public final class FmaProbe {
    private static final int CHAINS = 10;
    /** Iterations per call of the chains: short calls get the loop compiled as a whole method by C2. */
    private static final int BLOCK = 4096;
    /**
     * The kernels' float species (as {@code gradiente.tensor.cpu.CpuVectors} chooses it). It must be a
     * constant: with the species passed as an argument C2 does not intrinsify the vector operations and
     * the probe measured the boxed fallback (3 GFLOP/s on a 93 GFLOP/s core).
     */
    static final VectorSpecies<Float> SPECIES = VectorSpecies.of(float.class, VectorShape.forBitSize(
            Machine.kernelBits(FloatVector.SPECIES_PREFERRED.vectorBitSize(), Integer.getInteger("gradiente.vectorBits", 0))));

    private FmaProbe() {
    }

    /** GFLOP/s of {@code threads} threads together, with vectors of {@link #SPECIES}. */
    public static double measure(int threads, long iterations) {
        long blocks = Math.max(1, iterations / BLOCK);
        run(threads, Math.max(blocks / 4, 64)); // warm-up: C2 compiles the chains
        double best = 0;
        for (int round = 0; round < 3; round++) {
            double s = run(threads, blocks);
            best = Math.max(best, (double) threads * blocks * BLOCK * CHAINS * SPECIES.length() * 2 / s / 1e9);
        }
        return best;
    }

    /** Seconds for every thread to finish {@code iterations} rounds of the chains. */
    private static double run(int threads, long blocks) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        float[] sink = new float[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                float acc = 0;
                for (long i = 0; i < blocks; i++) {
                    acc += chains(BLOCK);
                }
                sink[id] = acc;
            }, "fma-probe-" + t);
            ts[t].start();
        }
        try {
            ready.await();
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (Float.isNaN(sink[0])) {
                throw new IllegalStateException("FmaProbe: NaN"); // keeps the chains' results alive
            }
            return seconds;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("FmaProbe interrupted", e);
        }
    }

    private static float chains(int iterations) {
        VectorSpecies<Float> s = SPECIES;
        FloatVector a = FloatVector.broadcast(s, 0.999999f);
        FloatVector b = FloatVector.broadcast(s, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(s, 1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0;
        FloatVector c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).reduceLanes(
                jdk.incubator.vector.VectorOperators.ADD);
    }
}
