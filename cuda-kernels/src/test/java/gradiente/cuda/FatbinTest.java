package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed fatbin must match the CUDA sources (a changed kernel without a rebuilt binary fails
 * here, with the command to fix it) and must contain exactly the kernels the Java side launches.
 * Runs without a GPU and without nvcc: it reads the hash record and the PTX text inside the fatbin.
 */
class FatbinTest {
    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final String REBUILD = "rebuild with: mvn -pl cuda-kernels -Pfatbin generate-resources, or bash cuda-kernels/src/main/cuda/build-fatbin.sh (needs nvcc)";

    private static Map<String, String> record() {
        Map<String, String> r = new HashMap<>();
        for (String line : new String(Fatbin.resource("kernels.sha256"), StandardCharsets.US_ASCII).split("\n")) {
            String[] kv = line.trim().split(" ", 2);
            if (kv.length == 2) {
                r.put(kv[0], kv[1]);
            }
        }
        return r;
    }

    private static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    /** Same definition as build-fatbin.sh: for each *.cu, *.cuh, *.sh by name: name, newline, bytes. */
    static String sourcesHash() throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cu") || n.endsWith(".cuh") || n.endsWith(".sh"))
                    .forEach(names::add);
        }
        names.sort(String::compareTo);
        for (String n : names) {
            md.update((n + "\n").getBytes(StandardCharsets.US_ASCII));
            md.update(Files.readAllBytes(SOURCES.resolve(n)));
        }
        return hex(md.digest());
    }

    @Test
    void recordedSourceHashMatchesTheCudaSources() throws Exception {
        assertThat(sourcesHash()).as("SHA-256 of src/main/cuda vs kernels.sha256: the fatbin is stale; " + REBUILD)
                .isEqualTo(record().get("sources"));
    }

    @Test
    void fatbinBytesMatchTheirRecordedHash() throws Exception {
        byte[] fatbin = Fatbin.resource("kernels.fatbin");
        assertThat(hex(MessageDigest.getInstance("SHA-256").digest(fatbin)))
                .as("kernels.fatbin was changed without build-fatbin.sh; " + REBUILD)
                .isEqualTo(record().get("fatbin"));
    }

    /** Kernel entry names in the PTX embedded in the fatbin (uncompressed: built with -no-compress). */
    static Set<String> ptxEntries(byte[] fatbin) {
        Matcher m = Pattern.compile("\\.entry ([A-Za-z_][A-Za-z0-9_]*)\\(")
                .matcher(new String(fatbin, StandardCharsets.ISO_8859_1));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void manifestListsExactlyTheKernelsInThePtx() {
        Set<String> manifest = new TreeSet<>(List.of(
                new String(Fatbin.resource("kernels.manifest"), StandardCharsets.US_ASCII).trim().split("\n")));
        assertThat(ptxEntries(Fatbin.resource("kernels.fatbin"))).isEqualTo(manifest);
    }

    @Test
    void everyKernelTheBackendLaunchesIsInTheFatbinAndNoneIsUnused() {
        Set<String> inBinary = ptxEntries(Fatbin.resource("kernels.fatbin"));
        Set<String> launched = new HashSet<>(KernelName.all());
        assertThat(inBinary).as("kernels in the fatbin").containsExactlyInAnyOrderElementsOf(launched);
    }

    @Test
    void fatbinCarriesPtxForPortability() {
        String text = new String(Fatbin.resource("kernels.fatbin"), StandardCharsets.ISO_8859_1);
        assertThat(text).contains(".target sm_80");
    }
}
