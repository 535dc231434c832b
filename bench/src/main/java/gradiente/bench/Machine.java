package gradiente.bench;

import gradiente.tensor.cpu.CpuThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;

/**
 * The machine a benchmark ran on, printed as the first line of every {@code bench} command so that
 * figures from different machines are never compared by mistake:
 * <pre>
 *   machine cpu="AMD EPYC" isa=avx2 vector_bits=256 threads=2 clock_ghz=2.45 peak_gflops=~157
 * </pre>
 * {@code cpu} is the model name of {@code /proc/cpuinfo}; {@code isa} the widest SIMD extension its
 * flags list (avx512, avx2, avx, sse4.2; neon or sve on ARM); {@code vector_bits} the float vector the
 * CPU kernels are built on ({@code FloatVector.SPECIES_PREFERRED}, at most 512 bits and at most
 * {@code -Dgradiente.vectorBits} when set); {@code threads}
 * the shared CPU pool's ({@code -Dgradiente.threads}). The FP32 peak is an estimate,
 * {@code cores x FMA units x lanes x 2 x clock}: cores are {@code min(threads, processors)}, every
 * x86 core since Haswell/Zen 1 has 2 FMA pipes (some AVX-512 parts 1; override with
 * {@code -Dgradiente.bench.fma-units}), lanes are {@code vector_bits / 32}, a fused multiply-add is
 * 2 FLOPs, and the clock is the maximum of cpufreq when the kernel exposes it, else the
 * {@code cpu MHz} of {@code /proc/cpuinfo} (a virtual machine shows its nominal clock; turbo can be higher).
 *
 * @param cpu        model name
 * @param isa        widest SIMD extension
 * @param vectorBits float vector width of the kernels
 * @param threads    CPU pool threads
 * @param cores      cores the estimate counts
 * @param fmaUnits   FMA pipes per core assumed
 * @param clockGhz   clock assumed, NaN when unknown
 */
public record Machine(String cpu, String isa, int vectorBits, int threads, int cores, int fmaUnits, double clockGhz) {

    /** This machine. */
    public static Machine current() {
        String cpuinfo = read(Path.of("/proc/cpuinfo"));
        String maxKhz = read(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")).strip();
        double ghz = maxKhz.isEmpty() ? Double.NaN : Double.parseDouble(maxKhz) / 1e6;
        int bits = kernelBits(FloatVector.SPECIES_PREFERRED.vectorBitSize(), Integer.getInteger("gradiente.vectorBits", 0));
        return of(cpuinfo, System.getProperty("os.arch", "?"), bits, CpuThreads.parallelism(),
                Runtime.getRuntime().availableProcessors(), Integer.getInteger("gradiente.bench.fma-units", 2), ghz);
    }

    /** The kernels' vector width: the preferred one, at most 512 bits and at most a valid {@code cap} (as CpuVectors). */
    static int kernelBits(int preferred, int cap) {
        int bits = Math.min(512, preferred);
        return cap == 128 || cap == 256 || cap == 512 ? Math.min(bits, cap) : bits;
    }

    /**
     * The machine described by the text of {@code /proc/cpuinfo} (empty when unreadable).
     *
     * @param cpufreqGhz the cpufreq maximum, or NaN to use the {@code cpu MHz} field
     */
    static Machine of(String cpuinfo, String arch, int vectorBits, int threads, int processors, int fmaUnits,
                      double cpufreqGhz) {
        String model = field(cpuinfo, "model name");
        String flags = " " + (field(cpuinfo, "flags") + " " + field(cpuinfo, "Features")).toLowerCase(Locale.ROOT) + " ";
        String isa = flags.contains(" avx512f ") ? "avx512" : flags.contains(" avx2 ") ? "avx2"
                : flags.contains(" avx ") ? "avx" : flags.contains(" sse4_2 ") ? "sse4.2"
                : flags.contains(" sve ") ? "sve" : flags.contains(" asimd ") ? "neon" : arch;
        double ghz = cpufreqGhz;
        if (Double.isNaN(ghz)) {
            String mhz = field(cpuinfo, "cpu MHz");
            ghz = mhz.isEmpty() ? Double.NaN : Double.parseDouble(mhz) / 1e3;
        }
        return new Machine(model.isEmpty() ? arch : model, isa, vectorBits, threads, Math.min(threads, processors),
                fmaUnits, ghz);
    }

    /** Estimated FP32 peak in GFLOP/s (NaN when the clock is unknown). */
    public double peakGflops() {
        return cores * fmaUnits * (vectorBits / 32.0) * 2 * clockGhz;
    }

    /**
     * The {@code machine ...} line followed by {@code fma_gflops=M}: the FP32 FMA throughput measured now with
     * the kernels' vector width and thread count ({@link FmaProbe}), the peak the benchmark's figures are to be
     * read against (the estimate from the nominal clock can be below what the machine reaches).
     */
    public String measuredLine() {
        return String.format(Locale.ROOT, "%s fma_gflops=%.0f", line(), FmaProbe.measure(threads, 20_000_000L));
    }

    /** The {@code machine ...} line. */
    public String line() {
        return String.format(Locale.ROOT, "machine cpu=\"%s\" isa=%s vector_bits=%d threads=%d clock_ghz=%.2f peak_gflops=~%.0f",
                cpu.replace('"', '\''), isa, vectorBits, threads, clockGhz, peakGflops());
    }

    /** The value of the first {@code key : value} line of cpuinfo text, or "". */
    private static String field(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
