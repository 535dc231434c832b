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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar reading the fetcher relies on, Commons Compress underneath: layouts, long names, and errors that name the archive and offset. */
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
    void corruptHeaderChecksumNamesTheArchiveAndOffset() throws IOException {
        byte[] tar = TestTar.tar(sample());
        tar[512 + 13] ^= 0x20; // inside the first entry's data: harmless
        tar[1024 + 2] ^= 0x01; // the second header's name (package.json is 1 block, so header 2 is at 1024)
        Path f = dir.resolve("bad.tar");
        Files.write(f, tar);
        assertThatThrownBy(() -> readAll(f))
                .hasMessage(f + ": tar header at offset 1024 has a bad checksum (not a tar archive, or corrupt)");
    }

    @Test
    void notATarIsRejected() throws IOException {
        Path f = dir.resolve("x.tar");
        byte[] junk = new byte[600];
        Arrays.fill(junk, (byte) '7');
        Files.write(f, junk);
        assertThatThrownBy(() -> readAll(f)).hasMessageStartingWith(f + ": ").hasMessageContaining("offset 0")
                .hasMessageContaining("not a tar archive, or corrupt");
    }

    @Test
    void truncatedArchiveIsReported() throws IOException {
        byte[] tar = TestTar.tar(sample());
        Path f = dir.resolve("cut.tar");
        Files.write(f, Arrays.copyOf(tar, 512 + 512 + 512 + 700));
        assertThatThrownBy(() -> readAll(f))
                .hasMessage(f + ": entry package/data/blob (data at offset 1536) declares 1300 bytes, archive ends after 700 of them, at offset 2236");
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

    private static byte[] written(int longFileMode, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(longFileMode);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                out.putArchiveEntry(te);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void paxPathRecordsGiveNamesLongerThanAHeaderHolds() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("package/" + "p".repeat(120) + "/data/train-labels-idx1-ubyte", new byte[] {7, 8, 9});
        m.put("package/" + "ñ".repeat(60) + "/file", new byte[] {1});
        m.put("package/short", new byte[] {2});
        Path f = dir.resolve("pax.tar");
        Files.write(f, written(TarArchiveOutputStream.LONGFILE_POSIX, m));
        Map<String, byte[]> got = readAll(f);
        assertThat(got.keySet()).containsExactlyElementsOf(m.keySet());
        m.forEach((k, v) -> assertThat(got.get(k)).as(k).isEqualTo(v));
    }

    @Test
    void gnuLongNamesWrittenByCommonsCompressAreUsed() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("package/" + "g".repeat(200) + "/blob", new byte[700]);
        m.put("package/after", new byte[] {4, 5});
        Path f = dir.resolve("gnu.tar");
        Files.write(f, written(TarArchiveOutputStream.LONGFILE_GNU, m));
        Map<String, byte[]> got = readAll(f);
        assertThat(got.keySet()).containsExactlyElementsOf(m.keySet());
        assertThat(got.get("package/after")).containsExactly(4, 5);
    }

    @Test
    void ustarPrefixIsJoinedToTheName() throws IOException {
        byte[] h = TestTar.header("data/t10k-images-idx3-ubyte", 2, '0');
        byte[] prefix = ("package/" + "q".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, h, 345, prefix.length);
        TestTar.fixChecksum(h);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h);
        out.write(new byte[] {1, 2});
        out.write(new byte[510 + 1024]);
        Path f = dir.resolve("prefix.tar");
        Files.write(f, out.toByteArray());
        assertThat(readAll(f)).containsOnlyKeys("package/" + "q".repeat(100) + "/data/t10k-images-idx3-ubyte");
    }

    @Test
    void foldersAreEntriesButNotFiles() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(TestTar.header("package/data/", 0, '5'));
        out.write(TestTar.header("package/data/x", 1, '0'));
        out.write(new byte[] {3});
        out.write(new byte[511 + 1024]);
        Path f = dir.resolve("dirs.tar");
        Files.write(f, out.toByteArray());
        List<String> seen = new ArrayList<>();
        try (TarReader t = TarReader.open(f)) {
            for (TarReader.Entry e = t.next(); e != null; e = t.next()) {
                seen.add(e.baseName() + ":" + e.isFile());
            }
        }
        assertThat(seen).containsExactly("data:false", "x:true");
    }
}
