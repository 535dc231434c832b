package gradiente.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads every fast CPU kernel shares ({@link #parallelism()} = available processors, or the
 * system property {@code gradiente.threads}), and a range splitter with a work-size threshold so that
 * small tensors stay on the calling thread.
 *
 * <p>Kernels call {@link #forRange} with a number of independent items (rows, output blocks, ...) and an
 * estimate of the work per item; below {@link #MIN_WORK} elementary operations in total the body runs
 * inline, otherwise the range is cut into at most {@code 4 * parallelism} fixed chunks. The calling thread
 * works on chunks too, beside {@code parallelism - 1} workers; every thread takes the next unclaimed chunk
 * until none is left. Chunk boundaries depend only on the item count and the work estimate, never on which
 * thread runs a chunk, so results are the same from run to run.
 *
 * <p>Why not a {@code ForkJoinPool}: its idle workers park at once, and waking a parked thread costs tens of
 * microseconds on a virtual machine (measured: 56-69 us per two-chunk call after 200 us of idleness on a
 * 2-core KVM guest), which is a third of a 256 x 256 matrix product on two cores; it also leaves the calling
 * thread idle. Here a worker that finishes spins ({@link Thread#onSpinWait()}) for {@link #SPIN_NANOS}
 * before it parks, as OpenMP runtimes and OpenBLAS do, so the next kernel of a training step finds it
 * awake; the spin time is the system property {@code gradiente.spinMicros} (default 200; 0 parks at once).
 *
 * <p>One parallel call runs at a time: a call made while another thread's call is running, or from inside
 * a chunk (a kernel calling a kernel), runs its chunks one after the other on its own thread, with the same
 * boundaries.
 */
public final class CpuThreads {
    /** Total work (roughly: element operations) below which a kernel stays single-threaded. */
    public static final long MIN_WORK = 1L << 15;

    /** How long an idle worker spins before it parks, in nanoseconds. */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("gradiente.spinMicros", 200)) * 1000;

    private static final int THREADS =
            Math.max(1, Integer.getInteger("gradiente.threads", Runtime.getRuntime().availableProcessors()));

    private static final Pool POOL = new Pool(THREADS - 1);

    /** Depth of chunk bodies running on this thread (a worker's, or a caller's own share). */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private CpuThreads() {
    }

    /** Number of threads a parallel call uses: the workers and the calling thread. */
    public static int parallelism() {
        return THREADS;
    }

    /** True inside a chunk body (nested parallel calls then run on the calling thread). */
    public static boolean inPool() {
        return Thread.currentThread() instanceof Worker || DEPTH.get()[0] > 0;
    }

    /** A half-open range {@code [lo, hi)} of items processed by one task. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body} over {@code [0, items)}, split across the threads when
     * {@code items * workPerItem >= MIN_WORK} and there is more than one item and more than one thread.
     * Returns when every chunk has finished; the first exception a chunk throws propagates to the caller
     * (chunks not yet started are then skipped).
     */
    public static void forRange(int items, long workPerItem, RangeBody body) {
        if (items <= 0) {
            return;
        }
        if (items == 1 || THREADS == 1 || (long) items * Math.max(1, workPerItem) < MIN_WORK) {
            body.run(0, items);
            return;
        }
        long maxChunksByWork = Math.max(1, (long) items * Math.max(1, workPerItem) / (MIN_WORK / 2));
        int chunks = (int) Math.min(Math.min(items, 4L * THREADS), maxChunksByWork);
        Job job = new Job(body, items, chunks, Thread.currentThread());
        if (inPool() || !POOL.publish(job)) {
            // Nested or concurrent: the same chunks, in order, on this thread.
            for (int c = 0; c < chunks; c++) {
                job.runChunk(c);
            }
            return;
        }
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            job.work();
        } finally {
            depth[0]--;
        }
        job.awaitDone();
        POOL.release();
        job.rethrow();
    }

    /** One parallel call: its chunks, who claims the next, how many are done, and the first failure. */
    private static final class Job {
        final RangeBody body;
        final int items;
        final int chunks;
        final Thread owner;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;
        volatile boolean ownerParked;

        Job(RangeBody body, int items, int chunks, Thread owner) {
            this.body = body;
            this.items = items;
            this.chunks = chunks;
            this.owner = owner;
        }

        void runChunk(int c) {
            body.run((int) ((long) c * items / chunks), (int) ((long) (c + 1) * items / chunks));
        }

        /** Claims and runs chunks until none is left; the thread that finishes the last one wakes the owner. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks;) {
                try {
                    if (error == null) {
                        runChunk(c);
                    }
                } catch (Throwable t) {
                    if (error == null) {
                        error = t;
                    }
                } finally {
                    if (done.incrementAndGet() == chunks && ownerParked) {
                        LockSupport.unpark(owner);
                    }
                }
            }
        }

        /** The owner's wait for chunks other threads still run: spin first, then park until woken. */
        void awaitDone() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.get() < chunks) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    ownerParked = true;
                    if (done.get() < chunks) {
                        LockSupport.park(this);
                    }
                }
            }
        }

        void rethrow() {
            Throwable t = error;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("CpuThreads: a parallel chunk failed", t);
            }
        }
    }

    /** A daemon thread that takes part in every published job, spinning a while between jobs. */
    private static final class Worker extends Thread {
        final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("gradiente-cpu-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                Job job;
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (pool.generation == seen) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (pool.generation == seen) {
                            LockSupport.park(pool);
                        }
                        parked = false;
                    }
                }
                // Generation first: a job published between the two reads is then run now (and seen again
                // as finished), never skipped.
                seen = pool.generation;
                job = pool.job;
                if (job != null) {
                    job.work();
                }
            }
        }
    }

    /** The workers, the job now published, and the flag that lets one call at a time publish. */
    private static final class Pool {
        final Worker[] workers;
        final AtomicInteger busy = new AtomicInteger();
        volatile Job job;
        volatile long generation;

        Pool(int n) {
            workers = new Worker[n];
            for (int i = 0; i < n; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        /** Publishes a job to every worker; false when another call's job is running. */
        boolean publish(Job j) {
            if (!busy.compareAndSet(0, 1)) {
                return false;
            }
            job = j;
            generation = generation + 1;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            return true;
        }

        void release() {
            job = null;
            busy.set(0);
        }
    }
}
