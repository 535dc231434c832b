package gradiente.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradiente.autograd.Profiler;
import gradiente.autograd.Variable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DcganBenchTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        DcganBench bench = new DcganBench();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bench.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(bench);
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static final Pattern LINE = Pattern.compile(
            "dcgan variant=(\\w+) batch=(\\d+) s_per_update=([0-9.]+) gflops=([0-9.]+) heap_mb=(\\d+)");

    /** One run for both tests of the output (every update of the full-size nets costs seconds before the JIT is warm). */
    private static Run tiny;

    private static synchronized Run tinyRun() {
        if (tiny == null) {
            tiny = run("--batch", "2", "--iters", "1", "--warmup", "0", "--breakdown");
        }
        return tiny;
    }

    @Test
    void printsTheMachineAndOneLinePerVariantForOneUpdateOfATinyBatch() {
        Run r = tinyRun();
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().filter(l -> l.startsWith("machine ") || l.startsWith("dcgan ")).toList();
        assertThat(lines.get(0)).matches("machine cpu=\".+\" isa=\\S+ vector_bits=\\d+ threads=\\d+ clock_ghz=\\S+ peak_gflops=~\\S+ fma_gflops=\\d+");
        assertThat(lines).hasSize(3);
        String[] variants = {"thesis", "batchnorm"};
        for (int i = 0; i < 2; i++) {
            Matcher m = LINE.matcher(lines.get(i + 1));
            assertThat(m.matches()).as(lines.get(i + 1)).isTrue();
            assertThat(m.group(1)).isEqualTo(variants[i]);
            assertThat(m.group(2)).isEqualTo("2");
            double s = Double.parseDouble(m.group(3));
            assertThat(s).isPositive();
            // gflops is the counted work over the printed time (both rounded in the line: +-0.05 and +-0.0005).
            double gflops = Double.parseDouble(m.group(4));
            assertThat(gflops * s).isCloseTo(DcganFlops.update(2) / 1e9, within(0.05 * s + 0.0005 * gflops + 1e-9));
            assertThat(Integer.parseInt(m.group(5))).isPositive();
        }
    }

    @Test
    void breakdownAccountsForTheWholeUpdateAndCountsTheModelsFlops() {
        Run r = tinyRun();
        assertThat(r.code()).as(r.err()).isZero();
        for (String v : List.of("thesis", "batchnorm")) {
            List<String> phases = r.out().lines().filter(l -> l.startsWith("dcgan-phase variant=" + v + " ")).toList();
            assertThat(phases).extracting(l -> l.replaceAll(".* phase=(\\S+) .*", "$1"))
                    .containsExactly("g_forward", "g_backward", "d_forward", "d_backward", "loss", "autograd", "optimizer", "untracked");
            double pct = phases.stream().mapToDouble(l -> Double.parseDouble(l.replaceAll(".* pct=(\\S+) .*", "$1"))).sum();
            assertThat(pct).as(v).isCloseTo(100, within(0.5));
            // The phases' allocations (the calling thread's, and the rest as untracked) add up to all threads'.
            double phaseMb = phases.stream().mapToDouble(l -> Double.parseDouble(l.replaceAll(".* alloc_mb=(\\S+)$", "$1"))).sum();
            String memory = r.out().lines().filter(l -> l.startsWith("dcgan-memory variant=" + v + " ")).findFirst().orElseThrow();
            assertThat(memory).matches("dcgan-memory variant=\\w+ gc_ms=\\S+ gc_pct=\\S+ gc_count=\\S+ alloc_mb=\\d+ heap_mb=\\d+");
            double allMb = Double.parseDouble(memory.replaceAll(".* alloc_mb=(\\S+) .*", "$1"));
            assertThat(phaseMb).as(v).isCloseTo(allMb, within(5.0));
            assertThat(r.out()).containsPattern("dcgan-op variant=" + v + " phase=G dir=\\w+ op=\\w+ calls=\\d+ ");
            assertThat(r.out()).containsPattern("dcgan-alloc variant=" + v + " phase=\\w+ dir=\\w+ op=\\w+ calls=\\d+ ms=\\S+ gflops=\\S+ alloc_mb=\\S+");
            // What the ops reported doing is the count from the layer shapes.
            String flop = r.out().lines().filter(l -> l.startsWith("dcgan-flop variant=" + v + " ")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(flop.replaceAll(".*counted_gflop=(\\S+) .*", "$1"))).as(v)
                    .isCloseTo(DcganFlops.update(2) / 1e9, within(0.01));
        }
        assertThat(r.out()).containsPattern("dcgan-kind variant=batchnorm kind=batch_norm ms=[0-9.]+ ");
        assertThat(Profiler.active()).isFalse();
    }

    @Test
    void profiledUpdatesGiveBitIdenticalResults() {
        DcganUpdate plain = new DcganUpdate(DcganUpdate.Variant.BATCHNORM, 2, 3);
        DcganUpdate timed = new DcganUpdate(DcganUpdate.Variant.BATCHNORM, 2, 3);
        Map<String, Double> a = null;
        Map<String, Double> b = null;
        for (int i = 0; i < 1; i++) {
            a = plain.step(plain.realBatch());
        }
        try (Profiler.Recording rec = Profiler.start()) {
            for (int i = 0; i < 1; i++) {
                b = timed.step(timed.realBatch());
            }
        }
        assertThat(b).isEqualTo(a);
        List<Variable> pa = plain.pair().generator().parameters();
        List<Variable> pb = timed.pair().generator().parameters();
        pa.addAll(plain.pair().discriminator().parameters());
        pb.addAll(timed.pair().discriminator().parameters());
        assertThat(pb).hasSameSizeAs(pa);
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).data().toDoubleArray()).containsExactly(pa.get(i).data().toDoubleArray());
        }
    }

    @Test
    void badOptionsAreNamed() {
        Run v = run("--variant", "wide", "--batch", "2", "--iters", "1");
        assertThat(v.code()).isNotZero();
        assertThat(v.err()).contains("unknown variant 'wide'");
        Run b = run("--batch", "5", "--iters", "1");
        assertThat(b.code()).isNotZero();
        assertThat(b.err()).contains("--batch must be even").contains("5");
        Run c = run("--batch", "2", "--iters", "1", "--clock", "sun");
        assertThat(c.code()).isNotZero();
        assertThat(c.err()).contains("bench dcgan: unknown clock 'sun' (wall or cpu)");
        Run i = run("--batch", "2", "--iters", "0");
        assertThat(i.err()).contains("--iters must be >= 1");
    }
}
