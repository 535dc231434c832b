package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The caching allocator over a fake device memory that counts calls and can run out of memory. */
class CachingAllocatorTest {
    /** Hands out increasing ids; fails when the live device bytes would exceed the capacity. */
    static final class FakeMemory implements CachingAllocator.DeviceMemory<Long> {
        final long capacity;
        long used;
        long next = 1;
        int mallocs;
        int frees;
        final Set<Long> live = new HashSet<>();
        final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public Long malloc(long bytes) {
            if (used + bytes > capacity) {
                throw new IllegalStateException("CUDA_ERROR_OUT_OF_MEMORY");
            }
            used += bytes;
            mallocs++;
            long id = next++;
            live.add(id);
            sizes.put(id, bytes);
            return id;
        }

        @Override
        public void free(Long handle) {
            assertThat(live.remove(handle)).as("double free of " + handle).isTrue();
            used -= sizes.remove(handle);
            frees++;
        }
    }

    @Test
    void releasedBlocksAreReusedWithoutDeviceCalls() {
        FakeMemory mem = new FakeMemory(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        CachingAllocator.Block<Long> b1 = a.allocate(1000);
        a.release(b1);
        CachingAllocator.Block<Long> b2 = a.allocate(900);
        assertThat(b2.handle()).isEqualTo(b1.handle());
        assertThat(mem.mallocs).isEqualTo(1);
        CachingAllocator.Stats s = a.stats();
        assertThat(s.liveBlocks()).isEqualTo(1);
        assertThat(s.cacheHits()).isEqualTo(1);
        assertThat(s.deviceAllocs()).isEqualTo(1);
        assertThat(s.cachedBlocks()).isZero();
    }

    @Test
    void differentBucketsDoNotShareBlocks() {
        FakeMemory mem = new FakeMemory(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        a.release(a.allocate(512));
        CachingAllocator.Block<Long> big = a.allocate(4096);
        assertThat(mem.mallocs).isEqualTo(2);
        assertThat(big.bytes()).isEqualTo(4096);
        assertThat(a.stats().cachedBytes()).isEqualTo(512);
    }

    @Property(tries = 200)
    void bucketCoversTheRequestWithAtMostAQuarterWaste(@ForAll @LongRange(min = 1, max = 1L << 40) long bytes) {
        long b = CachingAllocator.bucket(bytes);
        assertThat(b).isGreaterThanOrEqualTo(bytes);
        assertThat(b).isEqualTo(CachingAllocator.bucket(b));
        if (bytes > 1 << 20) {
            assertThat((double) b).isLessThanOrEqualTo(bytes * 1.25 + 1);
        } else {
            assertThat(b - bytes).isLessThan(512);
        }
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetries() {
        FakeMemory mem = new FakeMemory(10_000);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        List<CachingAllocator.Block<Long>> blocks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            blocks.add(a.allocate(2048));
        }
        blocks.forEach(a::release);
        assertThat(a.stats().cachedBlocks()).isEqualTo(4);
        CachingAllocator.Block<Long> big = a.allocate(9000);
        assertThat(mem.frees).isEqualTo(4);
        assertThat(a.stats().cachedBlocks()).isZero();
        assertThat(a.stats().liveBytes()).isEqualTo(big.bytes());
    }

    @Test
    void outOfMemoryWithNothingCachedNamesTheRequestAndTheCounters() {
        CachingAllocator<Long> a = new CachingAllocator<>(new FakeMemory(1000));
        assertThatThrownBy(() -> a.allocate(5000))
                .hasMessageContaining("cannot allocate 5000 bytes")
                .hasMessageContaining("CUDA_ERROR_OUT_OF_MEMORY")
                .hasMessageContaining("live 0 blocks");
    }

    @Test
    void emptyCacheFreesEveryCachedBlockOnce() {
        FakeMemory mem = new FakeMemory(1 << 30);
        CachingAllocator<Long> a = new CachingAllocator<>(mem);
        CachingAllocator.Block<Long> kept = a.allocate(100);
        for (int i = 0; i < 5; i++) {
            a.release(a.allocate(1 << (10 + i)));
        }
        a.emptyCache();
        assertThat(mem.live).containsExactly(kept.handle());
        assertThat(a.stats().liveBlocks()).isEqualTo(1);
        assertThat(a.stats().peakBytes()).isGreaterThanOrEqualTo((1 << 14) + 512);
    }
}
