package gradiente.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * A snapshot of the JVM's memory counters: garbage-collection time and count summed over the
 * collectors, and bytes allocated by all live threads ({@code com.sun.management.ThreadMXBean}; -1
 * where the runtime lacks the {@code jdk.management} module). Differences of two snapshots measure an
 * interval. {@link #resetPeakHeap} and {@link #peakHeapBytes} bracket the peak heap of an interval: the
 * sum over the heap pools (eden, survivor, old) of each pool's peak since the reset, an upper bound of
 * the true peak since the pools need not peak at the same moment.
 *
 * @param gcMillis       collection time, summed over the collectors (accumulated pause time for G1 and Parallel)
 * @param gcCount        collections
 * @param allocatedBytes bytes allocated so far by the live threads, or -1
 */
public record JvmCounters(long gcMillis, long gcCount, long allocatedBytes) {

    /** The counters now. */
    public static JvmCounters now() {
        long t = 0;
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
            n += Math.max(0, gc.getCollectionCount());
        }
        return new JvmCounters(t, n, allocated());
    }

    private static long allocated() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                    && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled()) {
                return mx.getTotalThreadAllocatedBytes();
            }
        } catch (LinkageError | UnsupportedOperationException e) {
            // a runtime without jdk.management
        }
        return -1;
    }

    /**
     * The calling thread's allocation counter ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}),
     * or null where the runtime lacks it.
     */
    public static java.util.function.LongSupplier threadAllocation() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                    && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled()) {
                return mx::getCurrentThreadAllocatedBytes;
            }
        } catch (LinkageError | UnsupportedOperationException e) {
            // a runtime without jdk.management
        }
        return null;
    }

    /** This snapshot minus an earlier one (allocations -1 when either is unknown). */
    public JvmCounters minus(JvmCounters earlier) {
        long a = allocatedBytes < 0 || earlier.allocatedBytes < 0 ? -1 : allocatedBytes - earlier.allocatedBytes;
        return new JvmCounters(gcMillis - earlier.gcMillis, gcCount - earlier.gcCount, a);
    }

    /** Starts a peak-heap interval. */
    public static void resetPeakHeap() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) {
                p.resetPeakUsage();
            }
        }
    }

    /** The peak heap since {@link #resetPeakHeap}, in bytes (the sum of the heap pools' peaks). */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getType() == MemoryType.HEAP && p.isValid() ? p.getPeakUsage() : null;
            if (u != null) {
                sum += u.getUsed();
            }
        }
        return sum;
    }
}
