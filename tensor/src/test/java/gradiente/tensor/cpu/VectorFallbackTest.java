package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The missing-module failure as a message: {@link VectorFallbackMain} (relu, matmul, conv2d) run in a
 * forked JVM of the current {@code java} with and without {@code --add-modules jdk.incubator.vector}.
 * Without the flag it falls back to the reference kernels, prints the same numbers and logs exactly one
 * line naming the flag; with {@code gradiente.cpu=fast} and no flag it fails at once with that flag
 * named; never a {@code NoClassDefFoundError}.
 */
class VectorFallbackTest {
    @TempDir
    Path tmp;

    record Run(int exit, List<String> out, List<String> err) {
        List<String> gradienteLines() {
            return err.stream().filter(l -> l.contains("jdk.incubator.vector") && !l.startsWith("WARNING: Using incubator")).toList();
        }
    }

    private Run fork(String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(VectorFallbackMain.class.getName());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("GRADIENTE_CPU");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("forked JVM finished").isTrue();
        return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    private static List<String> results(Run r) {
        return r.out().stream().filter(l -> !l.startsWith("backend ")).toList();
    }

    @Test
    void withoutTheFlagTheReferenceKernelsRunAndOneLineNamesTheFlag() throws Exception {
        Run fast = fork("--add-modules", "jdk.incubator.vector");
        Path classLog = tmp.resolve("classes.log");
        Run fallback = fork("-Xlog:class+load=info:file=" + classLog);

        assertThat(fast.exit()).as("with the flag: %s", fast.err()).isZero();
        assertThat(fast.out()).contains("backend CpuBackend");
        assertThat(fast.gradienteLines()).isEmpty();

        assertThat(fallback.exit()).as("without the flag: %s", fallback.err()).isZero();
        assertThat(fallback.out()).contains("backend ReferenceBackend");
        assertThat(fallback.gradienteLines()).hasSize(1);
        assertThat(fallback.gradienteLines().get(0)).contains("--add-modules jdk.incubator.vector", "reference kernels");
        assertThat(String.join("\n", fallback.err())).doesNotContain("NoClassDefFoundError");

        assertThat(results(fallback)).hasSize(3).isEqualTo(results(fast));

        String loaded = Files.readString(classLog);
        assertThat(loaded).contains("gradiente.tensor.cpu.ReferenceBackend ");
        for (String simd : List.of("CpuBackend", "FastElementwise", "SimdF32", "GemmF32", "GemmF64", "ConvDirect", "CpuPool", "CpuConv")) {
            assertThat(loaded).as("the fallback never loads %s", simd).doesNotContain("gradiente.tensor.cpu." + simd + " ");
        }
        assertThat(loaded).doesNotContain("jdk.incubator.vector.");
        assertThat(results(fast).get(0)).isEqualTo("relu [2, 3] 0.0000 2.0000 0.0000 3.0000 0.5000 0.0000");
    }

    @Test
    void askingForTheFastKernelsWithoutTheFlagFailsAtOnceNamingIt() throws Exception {
        Run r = fork("-Dgradiente.cpu=fast");

        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).isEmpty();
        String err = String.join("\n", r.err());
        assertThat(err).contains("gradiente.cpu=fast: the fast CPU kernels need the Vector API", "--add-modules jdk.incubator.vector")
                .doesNotContain("NoClassDefFoundError");
    }

    @Test
    void theFlagAndTheExplicitChoiceTogetherRunTheFastKernels() throws Exception {
        Run r = fork("--add-modules", "jdk.incubator.vector", "-Dgradiente.cpu=fast");

        assertThat(r.exit()).as("%s", r.err()).isZero();
        assertThat(r.out()).contains("backend CpuBackend");
    }
}
