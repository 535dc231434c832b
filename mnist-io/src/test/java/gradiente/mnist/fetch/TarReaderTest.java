package gradiente.mnist.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
    @TempDir
    Path dir;

    private static Map<String, byte[]> sample() {
        byte[] big = new byte[1300];
        new Random(5).nextBytes(big);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("package/package.json", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        m.put("package/data/blob", big);
        m.put("package/empty", new byte[0]);
        m.put("package/data/exact", new byte[512]);
        return m;
    }

    private static Map<String, byte[]> readAll(Path file) throws IOException {
        Map<String, byte[]> got = new LinkedHashMap<>();
        try (TarReader t = TarReader.open(file)) {
            for (TarReader.Entry e = t.next(); e != null; e = t.next()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                t.copyTo(out, e);
                got.put(e.name(), out.toByteArray());
            }
        }
        return got;
    }

    @Test
    void readsEveryEntryOfGzipAndPlainArchives() throws IOException {
        Path tgz = dir.resolve("a.tgz");
        TestTar.writeTgz(tgz, sample());
        Path tar = dir.resolve("a.tar");
        Files.write(tar, TestTar.tar(sample()));
        for (Path f : List.of(tgz, tar)) {
            Map<String, byte[]> got = readAll(f);
            assertThat(got.keySet()).containsExactlyElementsOf(sample().keySet());
            sample().forEach((k, v) -> assertThat(got.get(k)).as(k).isEqualTo(v));
        }
    }

    @Test
    void skippingEntriesWithoutReadingThemWorks() throws IOException {
        Path tgz = dir.resolve("a.tgz");
        TestTar.writeTgz(tgz, sample());
        List<String> names = new ArrayList<>();
        try (TarReader t = TarReader.open(tgz)) {
            for (TarReader.Entry e = t.next(); e != null; e = t.next()) {
                names.add(e.baseName() + ":" + e.size() + ":" + e.isFile());
            }
        }
        assertThat(names).containsExactly("package.json:12:true", "blob:1300:true", "empty:0:true", "exact:512:true");
    }

    @Test
    void readsArchivesMadeByTheSystemTar() throws Exception {
        Path src = dir.resolve("src/package/data");
        Files.createDirectories(src);
        byte[] content = new byte[3000];
        new Random(9).nextBytes(content);
        Files.write(src.resolve("t10k-labels-idx1-ubyte"), content);
        Path tgz = dir.resolve("sys.tgz");
        Process p = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", dir.resolve("src").toString(), "package")
                .inheritIO().start();
        assertThat(p.waitFor()).as("tar exit status").isZero();
        Map<String, byte[]> got = readAll(tgz);
        assertThat(got.get("package/data/t10k-labels-idx1-ubyte")).isEqualTo(content);
    }

    @Test
    void corruptHeaderChecksumNamesTheOffset() throws IOException {
        byte[] tar = TestTar.tar(sample());
        tar[512 + 13] ^= 0x20; // inside the second entry's data: harmless
        tar[1024 + 2] ^= 0x01; // the third header's name (package.json is 1 block, so header 2 is at 1024)
        Path f = dir.resolve("bad.tar");
        Files.write(f, tar);
        assertThatThrownBy(() -> readAll(f))
                .hasMessageStartingWith(f + ": tar header at offset 1024 has checksum ")
                .hasMessageContaining("not a tar archive, or corrupt");
    }

    @Test
    void notATarIsRejected() throws IOException {
        Path f = dir.resolve("x.tar");
        byte[] junk = new byte[600];
        Arrays.fill(junk, (byte) '7');
        Files.write(f, junk);
        assertThatThrownBy(() -> readAll(f)).hasMessageContaining("tar header at offset 0 has checksum");
    }

    @Test
    void truncatedArchiveIsReported() throws IOException {
        byte[] tar = TestTar.tar(sample());
        Path f = dir.resolve("cut.tar");
        Files.write(f, Arrays.copyOf(tar, 512 + 512 + 512 + 700));
        assertThatThrownBy(() -> readAll(f))
                .hasMessageContaining("entry package/data/blob (header at offset 1024) declares 1300 bytes, archive ends at offset");
    }

    @Test
    void gnuLongNamesAreUsed() throws IOException {
        String longName = "package/" + "d".repeat(150) + "/file";
        byte[] body = (longName + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(TestTar.header("././@LongLink", body.length, 'L'));
        out.write(body);
        out.write(new byte[(512 - body.length % 512) % 512]);
        out.write(TestTar.header(longName.substring(0, 99), 3, '0'));
        out.write(new byte[] {1, 2, 3});
        out.write(new byte[509 + 1024]);
        Path f = dir.resolve("long.tar");
        Files.write(f, out.toByteArray());
        assertThat(readAll(f)).containsOnlyKeys(longName);
    }
}
