package gradiente.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private Set<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return Set.copyOf(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("sub/folder/a.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second, longer");
        assertThat(Files.readString(f)).isEqualTo("second, longer");
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("a.txt");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndRemovesTheTemporaryFile() throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFiles.write(f, out -> out.write(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        })).hasMessage("disk full (simulated)");
        assertThat(Files.readAllBytes(f)).containsExactly(1, 2, 3);
        assertThat(names()).containsExactly("model.bin");
    }

    @Test
    void theFileGetsTheUmaskPermissionsOfAnOrdinaryNewFileNotThoseOfATempFile() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x", StandardCharsets.UTF_8);
        Path atomic = dir.resolve("atomic.png");
        AtomicFiles.writeString(atomic, "x");
        Path moved = dir.resolve("moved.idx");
        Path download = Files.createTempFile(dir, "download", ".part");
        Files.writeString(download, "payload");
        AtomicFiles.moveIntoPlace(download, moved);

        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(plain);
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(umask);
        assertThat(Files.readString(moved)).isEqualTo("payload");
        assertThat(names()).containsExactlyInAnyOrder("plain.txt", "atomic.png", "moved.idx");
    }

    @Test
    void concurrentWritersOfOneTargetNeverLeaveAPartialFile() throws Exception {
        Path f = dir.resolve("shared.txt");
        String a = "a".repeat(200_000);
        String b = "b".repeat(300_000);
        Thread t1 = new Thread(() -> repeat(f, a));
        Thread t2 = new Thread(() -> repeat(f, b));
        t1.start();
        t2.start();
        for (int i = 0; i < 50; i++) {
            if (Files.exists(f)) {
                assertThat(Files.readString(f)).isIn(a, b);
            }
        }
        t1.join();
        t2.join();
        assertThat(Files.readString(f)).isIn(a, b);
        assertThat(names()).containsExactly("shared.txt");
    }

    private static void repeat(Path f, String text) {
        try {
            for (int i = 0; i < 20; i++) {
                AtomicFiles.writeString(f, text);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
