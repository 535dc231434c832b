package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.mnist.idx.SyntheticIdx;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.checkpoint.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's kill-safety probes, on forked JVMs training a tiny GAN with {@code --save-every 1} on a
 * synthetic IDX set: {@code SIGKILL} at random moments (20 kills, each a fresh process resuming the
 * last) never leaves a half-written checkpoint (each one reads with valid checksums and its epoch never
 * goes back), the next start takes over the dead process's lock, cleans its temporary files and resumes;
 * a live run's folder is refused to a second run; {@code SIGINT} prints how to resume.
 */
@Tag("reliability")
class KillSafetyTest {
    static final int KILLS = 20;

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = SyntheticIdx.write(tmp.resolve("data"), 64, 16, 5);
    }

    /** {@code train gan} in a new JVM, its output in {@code log}. */
    static Process fork(Path out, Path log, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "gradiente.cli.Main", "train", "gan",
                "--dataset", "idx", "--data", data.toString(), "--out", out.toString(), "--hidden", "16", "--latent", "8",
                "--batch", "32", "--grid", "2", "--samples", "0", "--save-every", "1", "--seed", "7"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the log holds {@code text} (the process is past its start), failing if it exits first. */
    static void await(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            assertThat(p.isAlive()).as("exited early:\n" + (Files.exists(log) ? Files.readString(log) : "")).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' within 90 s:\n" + Files.readString(log));
    }

    /** The epoch of a checkpoint that must be whole: checksums valid, tensors finite. */
    static int epochOf(Path checkpoint) throws IOException {
        SafeTensors.Contents c = Checkpoint.read(checkpoint);
        assertThat(c.checksummed()).isTrue();
        return Integer.parseInt(c.metadata().get("info.epoch"));
    }

    @Test
    void twentyRandomKillsNeverLeaveAHalfCheckpointAndResumeWorks() throws Exception {
        Path out = tmp.resolve("killed");
        Path ckpt = out.resolve("checkpoint.safetensors");
        Random rnd = new Random(16);
        int epoch = 0;
        int kills = 0;
        int leftAt = 0;
        List<Integer> epochs = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            boolean resume = Files.exists(ckpt);
            Path log = tmp.resolve("kill" + i + ".log");
            Process p = fork(out, log, resume ? new String[] {"--epochs", "100000", "--resume"} : new String[] {"--epochs", "100000"});
            // Past the start (a fresh run: past its first checkpoint), then a random moment of the training loop,
            // where most of the time goes to writing checkpoints, generators and grids.
            // Every other kill waits for the resumed run's first epoch summary, printed just before its checkpoint write.
            await(p, log, !resume ? "epoch 1/" : i % 2 == 0 ? "resuming from" : "epoch " + (epoch + 1) + "/100000");
            if (i == 0) {
                // While it lives, the folder is its own: a second run is refused, naming the process.
                var second = CliHarness.run("train", "gan", "--dataset", "idx", "--data", data.toString(), "--out", out.toString(),
                        "--epochs", "1", "--overwrite");
                assertThat(second.code()).isNotZero();
                assertThat(second.err()).contains("--out " + out + " is in use by process " + p.pid());
            }
            Thread.sleep(rnd.nextInt(700));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
            String text = Files.readString(log);
            if (resume) {
                assertThat(text).contains("after epoch " + epoch + " of 100000").contains("took over the lock");
            }
            try (Stream<Path> s = Files.walk(out)) {
                leftAt += s.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")) ? 1 : 0;
            }
            if (Files.exists(ckpt)) {
                int now = epochOf(ckpt);
                assertThat(now).as("kill " + i + ": the checkpoint is the previous one or a newer one").isGreaterThanOrEqualTo(epoch);
                epoch = now;
            }
            epochs.add(epoch);
        }
        System.out.println("KillSafetyTest: " + kills + " kills; " + leftAt + " of them interrupted a write (a .tmp file was"
                + " left); checkpoint epoch after each kill: " + epochs);
        assertThat(kills).isEqualTo(KILLS);
        assertThat(epoch).as("training made progress between kills").isPositive();

        Path log = tmp.resolve("final.log");
        Process p = fork(out, log, "--epochs", Integer.toString(epoch + 2), "--resume");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("after epoch " + epoch + " of " + (epoch + 2));
        assertThat(epochOf(ckpt)).isEqualTo(epoch + 2);
        assertThat(out.resolve("generator.safetensors")).isRegularFile();
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void sigintPrintsOneLineOnHowToResume() throws Exception {
        Path out = tmp.resolve("interrupted");
        Path log = tmp.resolve("sigint.log");
        Process p = fork(out, log, "--epochs", "100000");
        await(p, log, "epoch 2/100000");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("interrupted:")).toList();
        assertThat(lines).singleElement().asString().contains(out + " keeps the checkpoint of the last finished epoch")
                .contains("continue with: ./gradiente train gan").endsWith("--epochs 100000 --resume");
        assertThat(epochOf(out.resolve("checkpoint.safetensors"))).isPositive();
    }
}
