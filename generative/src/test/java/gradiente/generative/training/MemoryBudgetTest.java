package gradiente.generative.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class MemoryBudgetTest {
    @Test
    void aNeedBeyondTheHeapIsAnErrorNamingTheOptionAndTheHeap() {
        double tooMuch = 2.0 * Runtime.getRuntime().maxMemory();
        assertThatThrownBy(() -> MemoryBudget.require(tooMuch, "--samples 5", "--samples"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--samples 5 needs about " + MemoryBudget.gb(tooMuch))
                .hasMessageContaining("the heap is " + MemoryBudget.gb(Runtime.getRuntime().maxMemory()))
                .hasMessageContaining("lower --samples or raise GRADIENTE_HEAP");
        MemoryBudget.require(1e6, "a little", "--x");
    }

    @Test
    void sizesReadInMegabytesOrGigabytes() {
        assertThat(MemoryBudget.gb(3.14e9)).isEqualTo("3.1 GB");
        assertThat(MemoryBudget.gb(250e6)).isEqualTo("250 MB");
        assertThat(MemoryBudget.floats(1e9)).isEqualTo(4e9);
    }

    @Test
    void theOutOfMemoryParagraphNamesCommandHeapAndSetting() {
        String p = MemoryBudget.outOfMemory("train gan", new OutOfMemoryError("Java heap space"));
        assertThat(p).startsWith("gradiente train gan ran out of memory (Java heap space) with a heap of")
                .contains("GRADIENTE_HEAP=16g ./gradiente train gan").doesNotContain("\n");
    }
}
