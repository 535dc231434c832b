package gradiente.generative.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunStart} and {@link RunFolderLock}: lock, stale lock, leftovers, refusing and replacing an earlier run. */
@Tag("reliability")
class RunStartTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(buf, true, StandardCharsets.UTF_8);

    @AfterEach
    void release() {
        RunFolderLock.releaseAll();
    }

    @Test
    void aFolderHeldByAnotherLiveThreadIsRefusedAndTheLockNamesThePid() throws Exception {
        Path run = dir.resolve("run");
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                RunStart.open(run, false, false, "./gradiente train mlp", log);
                held.countDown();
                done.await();
                RunFolderLock.releaseAll();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        held.await();
        assertThat(Files.readString(run.resolve(RunFolderLock.FILE))).startsWith("pid=" + ProcessHandle.current().pid() + "\n");
        assertThatThrownBy(() -> RunStart.open(run, false, false, "x", log)).hasMessageContaining("is in use by another run");
        done.countDown();
        other.join();
        assertThat(Files.readString(run.resolve(RunFolderLock.FILE))).isEmpty();
        RunStart.open(run, false, false, "x", log);
    }

    @Test
    void theSameThreadTakesOverItsOwnEarlierLock() throws IOException {
        Path run = dir.resolve("again");
        RunStart.open(run, false, false, "x", log);
        RunStart.open(run, true, false, "x", log);
    }

    @Test
    void aLockLeftByADeadProcessIsTakenOver() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path run = dir.resolve("stale");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunFolderLock.FILE), "pid=" + p.pid() + "\nsince=2026-01-01T00:00:00Z\n");
        RunStart.open(run, false, false, "x", log);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("took over the lock of " + run + " left by process " + p.pid());
    }

    @Test
    void leftoverTemporaryFilesAreRemovedAndOthersKept() throws IOException {
        Path run = dir.resolve("left");
        Files.createDirectories(run.resolve("samples"));
        Files.writeString(run.resolve(".checkpoint.safetensors.123456.tmp"), "half");
        Files.writeString(run.resolve(".metrics.json987.tmp"), "half");
        Files.writeString(run.resolve("samples/.epoch_003.png4242.tmp"), "half");
        Files.writeString(run.resolve(".generator.safetensors.1x9kq2.tmp"), "half");
        Files.writeString(run.resolve("notes.tmp"), "mine");
        RunStart.open(run, false, false, "x", log);
        assertThat(RunStart.leftovers(run)).isEmpty();
        assertThat(run.resolve("notes.tmp")).exists();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("removed 4 temporary file(s)");
    }

    @Test
    void anEarlierRunIsRefusedWithoutResumeAndRemovedWithOverwrite() throws IOException {
        Path run = dir.resolve("earlier");
        Files.createDirectories(run.resolve("samples"));
        for (String f : new String[] {"checkpoint.safetensors", "metrics.json", "generator_epoch_001.safetensors", "loss.png",
                "samples/epoch_001.png", "README.txt"}) {
            Files.writeString(run.resolve(f), "x");
        }
        assertThatThrownBy(() -> RunStart.open(run, false, false, "x", log))
                .hasMessageContaining("--out " + run + " already holds a run (checkpoint.safetensors, finished: metrics.json)");
        RunFolderLock.releaseAll();
        RunStart.open(run, true, false, "x", log);
        RunFolderLock.releaseAll();
        RunStart.open(run, false, true, "x", log);
        assertThat(run.resolve("checkpoint.safetensors")).doesNotExist();
        assertThat(run.resolve("samples/epoch_001.png")).doesNotExist();
        assertThat(run.resolve("README.txt")).as("not a run file").exists();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("--overwrite: removed 5 file(s)");
    }

    @Test
    void theResumeCommandAddsResumeAndDropsOverwrite() {
        assertThat(RunStart.resumeCommand("./gradiente train gan --overwrite --epochs 3"))
                .isEqualTo("./gradiente train gan --epochs 3 --resume");
        assertThat(RunStart.resumeCommand("./gradiente train gan --resume")).isEqualTo("./gradiente train gan --resume");
    }
}
