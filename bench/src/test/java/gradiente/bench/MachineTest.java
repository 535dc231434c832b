package gradiente.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineTest {
    private static final String EPYC = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            cpu MHz\t\t: 2445.406
            flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2

            processor\t: 1
            model name\t: AMD EPYC
            """;

    @Test
    void readsModelIsaAndClockFromCpuinfo() {
        Machine m = Machine.of(EPYC, "amd64", 256, 2, 2, 2, Double.NaN);
        assertThat(m.cpu()).isEqualTo("AMD EPYC");
        assertThat(m.isa()).isEqualTo("avx2");
        assertThat(m.clockGhz()).isCloseTo(2.445406, within(1e-9));
        // 2 cores x 2 FMA pipes x 8 lanes x 2 FLOPs x 2.445 GHz.
        assertThat(m.peakGflops()).isCloseTo(156.5, within(0.1));
        assertThat(m.line()).isEqualTo("machine cpu=\"AMD EPYC\" isa=avx2 vector_bits=256 threads=2 clock_ghz=2.45 peak_gflops=~157");
    }

    @Test
    void cpufreqWinsOverCpuMhzAndCoresAreCappedByThreads() {
        Machine m = Machine.of(EPYC.replace(" avx2", " avx2 avx512f"), "amd64", 512, 1, 8, 2, 3.5);
        assertThat(m.isa()).isEqualTo("avx512");
        assertThat(m.cores()).isEqualTo(1);
        assertThat(m.peakGflops()).isCloseTo(1 * 2 * 16 * 2 * 3.5, within(1e-9));
    }

    @Test
    void unknownMachinesFallBackToTheArchitecture() {
        Machine m = Machine.of("", "aarch64", 128, 4, 4, 2, Double.NaN);
        assertThat(m.cpu()).isEqualTo("aarch64");
        assertThat(m.isa()).isEqualTo("aarch64");
        assertThat(m.line()).contains("peak_gflops=~NaN");
        Machine arm = Machine.of("Features\t: fp asimd evtstrm\nCPU part\t: 0xd0c\n", "aarch64", 128, 4, 4, 2, 3.0);
        assertThat(arm.isa()).isEqualTo("neon");
    }

    @Test
    void theMeasuredLineAddsTheFmaThroughputOfTheKernelsWidth() {
        double one = FmaProbe.measure(1, 2_000_000);
        // at least one FMA per nanosecond per lane-group: the boxed fallback (species not constant) gave 3 GFLOP/s
        assertThat(one).isGreaterThan(FmaProbe.SPECIES.length() * 2.0);
        assertThat(Machine.current().measuredLine()).matches("machine .* peak_gflops=~\\S+ fma_gflops=\\d+");
    }
}
