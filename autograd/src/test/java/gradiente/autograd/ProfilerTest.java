package gradiente.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfilerTest {
    @AfterEach
    void noRecordingLeftOpen() {
        assertThat(Profiler.active()).isFalse();
    }

    /** x [2, 3, 6, 6] -> conv 3->4 k3 (inside phase "net") -> flatten -> matmul [64, 5] -> sum; returns x, w, v and the loss. */
    private static Variable[] graph(long seed) {
        Generator g = new Generator(seed);
        Variable x = Variable.parameter(Tensor.randn(g, DType.FLOAT32, 2, 3, 6, 6));
        Variable w = Variable.parameter(Tensor.randn(g, DType.FLOAT32, 4, 3, 3, 3));
        Variable v = Variable.parameter(Tensor.randn(g, DType.FLOAT32, 64, 5));
        Variable h;
        try (var phase = Profiler.phase("net")) {
            h = ConvOps.conv2d(x, w, null, Conv2dGeometry.of(1, 0)).leakyRelu(0.2);
        }
        Variable loss = h.reshape(2, 64).matmul(v).sigmoid().sum();
        return new Variable[] {x, w, v, loss};
    }

    private static void backward(Variable[] graph) {
        graph[3].backward();
    }

    private static Optional<Profiler.Entry> find(List<Profiler.Entry> entries, String phase, boolean backward, String op) {
        return entries.stream().filter(e -> e.phase().equals(phase) && e.backward() == backward && e.op().equals(op)).findFirst();
    }

    @Test
    void recordingChangesNoResult() {
        Variable[] plain = graph(3);
        backward(plain);
        Variable[] timed;
        try (Profiler.Recording rec = Profiler.start()) {
            timed = graph(3);
            backward(timed);
            assertThat(rec.entries()).isNotEmpty();
        }
        assertThat(timed[3].data().toDoubleArray()).containsExactly(plain[3].data().toDoubleArray());
        for (int i = 0; i < 3; i++) {
            assertThat(timed[i].grad().toDoubleArray()).containsExactly(plain[i].grad().toDoubleArray());
        }
    }

    @Test
    void opsAreRecordedPerPhaseAndDirectionWithTheirMultiplyAdds() {
        List<Profiler.Entry> entries;
        long macs;
        try (Profiler.Recording rec = Profiler.start()) {
            backward(graph(5));
            entries = rec.entries();
            macs = rec.multiplyAdds();
            assertThat(rec.phaseNanos()).containsKeys("net", Autograd.PHASE);
        }
        // conv forward: output [2, 4, 4, 4] = 128 elements, 27 multiply-adds each.
        Profiler.Entry conv = find(entries, "net", false, "conv2d").orElseThrow();
        assertThat(conv.calls()).isEqualTo(1);
        assertThat(conv.macs()).isEqualTo(128L * 27);
        // Its backward rule runs in the phase the node was recorded in, and so do the kernels it applies.
        assertThat(find(entries, "net", true, "conv2d")).isPresent();
        assertThat(find(entries, "net", true, "conv_transpose2d").orElseThrow().macs()).isEqualTo(128L * 27);
        assertThat(find(entries, "net", true, "conv2d_weight_grad").orElseThrow().macs()).isEqualTo(128L * 27);
        // The dense product outside the phase: [2, 64] x [64, 5] forward, and both gradients backward.
        assertThat(find(entries, Profiler.OUTSIDE, false, "matmul").orElseThrow().macs()).isEqualTo(2L * 64 * 5);
        assertThat(find(entries, Profiler.OUTSIDE, true, "matmul").orElseThrow().macs()).isEqualTo(2 * 2L * 64 * 5);
        assertThat(macs).isEqualTo(3 * 128L * 27 + 3 * 2L * 64 * 5);
        assertThat(entries).allSatisfy(e -> assertThat(e.nanos()).isNotNegative());
    }

    @Test
    void withACounterOpsAreChargedTheBytesTheyAllocate() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        List<Profiler.Entry> entries;
        try (Profiler.Recording rec = Profiler.start(mx::getCurrentThreadAllocatedBytes)) {
            backward(graph(4));
            entries = rec.entries();
            assertThat(rec.phaseBytes().get("net")).isPositive();
        }
        // The conv's result [2, 4, 4, 4] float32 is 512 bytes; the matmul's backward (its rule and the two
        // products it applies, one entry) allocates at least dA [2, 64] and dB [64, 5].
        assertThat(find(entries, "net", false, "conv2d").orElseThrow().bytes()).isGreaterThanOrEqualTo(512);
        assertThat(find(entries, Profiler.OUTSIDE, true, "matmul").orElseThrow().bytes()).isGreaterThanOrEqualTo(2 * 64 * 4 + 64 * 5 * 4);
        assertThat(entries).allSatisfy(e -> assertThat(e.bytes()).isNotNegative());
        try (Profiler.Recording rec = Profiler.start()) {
            backward(graph(4));
            assertThat(rec.entries()).allSatisfy(e -> assertThat(e.bytes()).isZero());
        }
    }

    @Test
    void gradForSomeInputsDoesNotComputeTheOthersGradients() {
        Variable[] full = graph(6);
        backward(full);
        Variable[] g;
        List<Profiler.Entry> entries;
        try (Profiler.Recording rec = Profiler.start()) {
            Variable[] part = graph(6);
            g = Autograd.grad(new Variable[] {part[3]}, null, new Variable[] {part[0]}, false, false, false);
            entries = rec.entries();
        }
        assertThat(g[0].data().toDoubleArray()).containsExactly(full[0].grad().toDoubleArray());
        // Only x's gradient is asked for: the conv's and the product's weight gradients are not computed.
        assertThat(find(entries, "net", true, "conv2d_weight_grad")).isEmpty();
        assertThat(find(entries, "net", true, "conv_transpose2d")).isPresent();
        assertThat(find(entries, Profiler.OUTSIDE, true, "matmul").orElseThrow().macs()).isEqualTo(2L * 64 * 5);
    }

    @Test
    void offByDefaultAndPhasesAreNoOpsThen() {
        assertThat(Profiler.active()).isFalse();
        try (var phase = Profiler.phase("x")) {
            backward(graph(1));
        }
        Profiler.Recording rec = Profiler.start();
        rec.close();
        assertThat(rec.entries()).isEmpty();
    }

    @Test
    void resetClearsAndOtherThreadsAreNotRecorded() throws InterruptedException {
        try (Profiler.Recording rec = Profiler.start()) {
            backward(graph(2));
            rec.reset();
            assertThat(rec.entries()).isEmpty();
            Thread t = new Thread(() -> backward(graph(2)));
            t.start();
            t.join();
            assertThat(rec.entries()).isEmpty();
            assertThat(rec.multiplyAdds()).isZero();
        }
    }

    @Test
    void oneRecordingAtATimeAndPhasesCloseInOrder() {
        try (Profiler.Recording rec = Profiler.start()) {
            assertThatThrownBy(Profiler::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
            Profiler.Scope outer = Profiler.phase("outer");
            Profiler.Scope inner = Profiler.phase("inner");
            assertThatThrownBy(outer::close).hasMessageContaining("'outer' closed out of order").hasMessageContaining("'inner'");
            inner.close();
            outer.close();
            assertThat(rec.phaseNanos()).containsKeys("outer", "inner");
        }
    }
}
