package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The shared worker threads: every item once, fixed chunks, nesting, concurrent callers, failures. */
class CpuThreadsTest {
    private static final long BIG = CpuThreads.MIN_WORK;

    @Test
    void everyItemRunsExactlyOnceInChunksThatDependOnlyOnTheCall() {
        for (int items : new int[] {2, 3, 7, 64, 1001}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(items);
            ConcurrentLinkedQueue<String> chunks = new ConcurrentLinkedQueue<>();
            CpuThreads.forRange(items, BIG, (lo, hi) -> {
                chunks.add(lo + ".." + hi);
                for (int i = lo; i < hi; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < items; i++) {
                assertThat(hits.get(i)).as("item %d of %d", i, items).isEqualTo(1);
            }
            ConcurrentLinkedQueue<String> again = new ConcurrentLinkedQueue<>();
            CpuThreads.forRange(items, BIG, (lo, hi) -> again.add(lo + ".." + hi));
            assertThat(again).containsExactlyInAnyOrderElementsOf(chunks);
            if (CpuThreads.parallelism() > 1) {
                assertThat(chunks).hasSize(Math.min(items, 4 * CpuThreads.parallelism()));
            }
        }
    }

    @Test
    void smallWorkStaysOnTheCallingThreadAsOneRange() {
        List<String> seen = new ArrayList<>();
        Thread me = Thread.currentThread();
        CpuThreads.forRange(10, 1, (lo, hi) -> seen.add(lo + ".." + hi + " " + (Thread.currentThread() == me)));
        assertThat(seen).containsExactly("0..10 true");
    }

    @Test
    void nestedCallsRunInsideTheirChunkAndFinish() {
        AtomicIntegerArray hits = new AtomicIntegerArray(8 * 50);
        CpuThreads.forRange(8, BIG, (lo, hi) -> {
            assertThat(CpuThreads.inPool()).isTrue();
            for (int i = lo; i < hi; i++) {
                int row = i;
                CpuThreads.forRange(50, BIG, (a, b) -> {
                    for (int j = a; j < b; j++) {
                        hits.incrementAndGet(row * 50 + j);
                    }
                });
            }
        });
        assertThat(CpuThreads.inPool()).isFalse();
        for (int i = 0; i < hits.length(); i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }

    @Test
    void callersOnSeveralThreadsAtOnceAllGetTheirWorkDone() throws InterruptedException {
        int callers = 4;
        int items = 97;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * items);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int base = t * items;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    CpuThreads.forRange(items, BIG, (lo, hi) -> {
                        for (int i = lo; i < hi; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            }));
        }
        for (Thread t : threads) {
            t.join(60_000);
            assertThat(t.isAlive()).as("a caller thread is stuck").isFalse();
        }
        for (int i = 0; i < hits.length(); i++) {
            assertThat(hits.get(i)).isEqualTo(200);
        }
    }

    @Test
    void aFailingChunkThrowsItsOwnExceptionToTheCallerAndThePoolStaysUsable() {
        assertThatThrownBy(() -> CpuThreads.forRange(16, BIG, (lo, hi) -> {
            if (lo <= 9 && 9 < hi) {
                throw new IllegalArgumentException("chunk with item 9 failed");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("chunk with item 9 failed");
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        CpuThreads.forRange(16, BIG, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 16; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }
}
