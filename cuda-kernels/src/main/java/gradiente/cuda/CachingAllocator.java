package gradiente.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching allocator for device memory: freed blocks go to a free list of their size bucket and are
 * handed out again instead of calling {@code cuMemAlloc}/{@code cuMemFree} (which synchronise the
 * device and cost tens of microseconds). All work is stream-ordered on one stream, so a block returned
 * to the cache can be reused by the next operation without waiting.
 *
 * <p>Buckets: requests round up to a multiple of 512 bytes up to 1 MiB, above that to a quarter of the
 * enclosing power of two (at most 25% waste). When the device runs out of memory the cache is emptied
 * and the allocation retried once. The counters ({@link #stats()}) let tests check for leaks.
 *
 * @param <H> the handle of one device allocation (a {@code CUdeviceptr} on the GPU; a fake in tests)
 */
public final class CachingAllocator<H> {
    /** The raw device memory calls; {@code malloc} throws when the device is out of memory. */
    public interface DeviceMemory<H> {
        H malloc(long bytes);

        void free(H handle);
    }

    /** One allocation: a handle and the bucket size it owns. */
    public record Block<H>(H handle, long bytes) {
    }

    /**
     * Counters. Live blocks are handed out and not yet released; cached blocks wait in free lists;
     * device allocations count real {@code malloc} calls, hits the requests served from the cache.
     */
    public record Stats(long liveBlocks, long liveBytes, long cachedBlocks, long cachedBytes, long deviceAllocs,
                        long cacheHits, long peakBytes) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "live %d blocks (%.1f MiB), cached %d blocks (%.1f MiB), %d device allocations, %d cache hits, peak %.1f MiB",
                    liveBlocks, liveBytes / 1048576.0, cachedBlocks, cachedBytes / 1048576.0, deviceAllocs, cacheHits,
                    peakBytes / 1048576.0);
        }
    }

    private static final long SMALL = 1L << 20;
    private static final long GRAIN = 512;

    private final DeviceMemory<H> memory;
    private final Map<Long, ArrayDeque<Block<H>>> free = new HashMap<>();
    private long liveBlocks;
    private long liveBytes;
    private long cachedBlocks;
    private long cachedBytes;
    private long deviceAllocs;
    private long cacheHits;
    private long peakBytes;

    public CachingAllocator(DeviceMemory<H> memory) {
        this.memory = memory;
    }

    /** The bucket size a request of {@code bytes} is served from. */
    public static long bucket(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("allocator: negative size " + bytes);
        }
        long b = Math.max(bytes, 1);
        if (b <= SMALL) {
            return (b + GRAIN - 1) / GRAIN * GRAIN;
        }
        long step = Long.highestOneBit(b) / 4;
        return (b + step - 1) / step * step;
    }

    /** A block of at least {@code bytes}. */
    public synchronized Block<H> allocate(long bytes) {
        long size = bucket(bytes);
        ArrayDeque<Block<H>> list = free.get(size);
        Block<H> block;
        if (list != null && !list.isEmpty()) {
            block = list.pop();
            cachedBlocks--;
            cachedBytes -= size;
            cacheHits++;
        } else {
            block = new Block<>(mallocRetrying(size, bytes), size);
            deviceAllocs++;
        }
        liveBlocks++;
        liveBytes += size;
        peakBytes = Math.max(peakBytes, liveBytes + cachedBytes);
        return block;
    }

    private H mallocRetrying(long size, long requested) {
        try {
            return memory.malloc(size);
        } catch (RuntimeException first) {
            if (cachedBlocks == 0) {
                throw outOfMemory(requested, first);
            }
            emptyCache();
            try {
                return memory.malloc(size);
            } catch (RuntimeException second) {
                throw outOfMemory(requested, second);
            }
        }
    }

    private IllegalStateException outOfMemory(long requested, RuntimeException cause) {
        return new IllegalStateException("cuda: cannot allocate " + requested + " bytes on the device ("
                + cause.getMessage() + "); allocator: " + stats(), cause);
    }

    /** Returns a block to its free list. */
    public synchronized void release(Block<H> block) {
        liveBlocks--;
        liveBytes -= block.bytes();
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block);
        cachedBlocks++;
        cachedBytes += block.bytes();
    }

    /** Frees every cached block on the device. */
    public synchronized void emptyCache() {
        for (ArrayDeque<Block<H>> list : free.values()) {
            for (Block<H> b : list) {
                memory.free(b.handle());
            }
        }
        free.clear();
        cachedBlocks = 0;
        cachedBytes = 0;
    }

    public synchronized Stats stats() {
        return new Stats(liveBlocks, liveBytes, cachedBlocks, cachedBytes, deviceAllocs, cacheHits, peakBytes);
    }
}
