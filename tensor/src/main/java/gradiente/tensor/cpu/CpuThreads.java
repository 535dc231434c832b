package gradiente.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * The one fork-join pool every fast CPU kernel shares (parallelism = available processors, or the
 * system property {@code gradiente.threads}), and a
 * range splitter with a work-size threshold so that small tensors stay on the calling thread.
 *
 * <p>Kernels call {@link #forRange} with a number of independent items (rows, output blocks, ...)
 * and an estimate of the work per item; below {@link #MIN_WORK} elementary operations in total the
 * body runs inline, otherwise the range is split into at most {@code 4 * parallelism} chunks.
 */
public final class CpuThreads {
    /** Total work (roughly: element operations) below which a kernel stays single-threaded. */
    public static final long MIN_WORK = 1L << 15;

    private static final ForkJoinPool POOL = createPool();

    private CpuThreads() {
    }

    private static ForkJoinPool createPool() {
        int n = Math.max(1, Integer.getInteger("gradiente.threads", Runtime.getRuntime().availableProcessors()));
        return new ForkJoinPool(n, pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("gradiente-cpu-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Number of worker threads of the shared pool. */
    public static int parallelism() {
        return POOL.getParallelism();
    }

    /** True on a worker thread of the shared pool (nested parallel calls then run inline). */
    public static boolean inPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL;
    }

    /** A half-open range {@code [lo, hi)} of items processed by one task. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body} over {@code [0, items)}, split across the pool when
     * {@code items * workPerItem >= MIN_WORK} and there is more than one item and more than one thread.
     * Returns when every chunk has finished; exceptions propagate to the caller.
     */
    public static void forRange(int items, long workPerItem, RangeBody body) {
        if (items <= 0) {
            return;
        }
        int threads = parallelism();
        if (items == 1 || threads == 1 || (long) items * Math.max(1, workPerItem) < MIN_WORK
                || inPool()) {
            // Nested calls from a worker run inline: the outer level already uses every core.
            body.run(0, items);
            return;
        }
        long maxChunksByWork = Math.max(1, (long) items * Math.max(1, workPerItem) / (MIN_WORK / 2));
        int chunks = (int) Math.min(Math.min(items, 4L * threads), maxChunksByWork);
        POOL.invoke(new Chunk(body, items, chunks, 0, chunks));
    }

    /** Splits chunk indices {@code [from, to)} recursively; chunk c covers items c*items/chunks.. . */
    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int items;
        private final int chunks;
        private final int from;
        private final int to;

        Chunk(RangeBody body, int items, int chunks, int from, int to) {
            this.body = body;
            this.items = items;
            this.chunks = chunks;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                int lo = (int) ((long) from * items / chunks);
                int hi = (int) ((long) to * items / chunks);
                body.run(lo, hi);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Chunk(body, items, chunks, from, mid), new Chunk(body, items, chunks, mid, to));
        }
    }
}
