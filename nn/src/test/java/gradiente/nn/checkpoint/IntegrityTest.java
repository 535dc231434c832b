package gradiente.nn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.nn.Sequential;
import gradiente.nn.layers.Linear;
import gradiente.nn.optim.Adam;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: checksums of every tensor, finite tensors on save and load, old files without checksums. */
@Tag("reliability")
class IntegrityTest {
    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return new Sequential(new Linear(5, 4, new Generator(seed)), new Linear(4, 2, new Generator(seed + 1)));
    }

    private Path saved() throws IOException {
        Sequential m = model(1);
        Path f = dir.resolve("checkpoint.safetensors");
        Checkpoint.save(f, m, new Adam(m.namedParameters(), 0.01), Map.of(), Map.of("epoch", "3"));
        return f;
    }

    /** Byte offset of the data block (8 + header length). */
    private static long dataStart(byte[] bytes) {
        return 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void everyTensorHasAChecksumThatIsNotReturnedAsMetadata() throws IOException {
        Path f = saved();
        String header = new String(Files.readAllBytes(f), 8, (int) dataStart(Files.readAllBytes(f)) - 8, StandardCharsets.UTF_8);
        assertThat(header).contains("\"crc32c.0.weight\":\"").contains("\"crc32c.1.bias\":\"")
                .contains("\"crc32c.__metadata__\":\"");
        SafeTensors.Contents c = SafeTensors.read(f);
        assertThat(c.checksummed()).isTrue();
        assertThat(c.metadata().keySet()).noneMatch(k -> k.startsWith("crc32c."));
        assertThat(c.metadata()).containsEntry("info.epoch", "3");
    }

    @Test
    void aFlippedBitInAnyTensorByteIsFoundAndNamed() throws IOException {
        Path f = saved();
        byte[] good = Files.readAllBytes(f);
        long start = dataStart(good);
        // The first weight is 0.weight [4, 5] floats: flip one bit of its 7th float, then of the last byte of the file.
        for (long at : new long[] {start + 6 * 4 + 2, good.length - 1}) {
            byte[] bad = good.clone();
            bad[(int) at] ^= 0x10;
            Path g = dir.resolve("flipped" + at + ".safetensors");
            Files.write(g, bad);
            assertThatThrownBy(() -> Checkpoint.load(g, model(1), null, Map.of()))
                    .isInstanceOf(CheckpointFormatException.class)
                    .hasMessageContaining(g.toString()).hasMessageContaining("CRC-32C")
                    .hasMessageContaining(at == good.length - 1 ? "tensor '1.bias'" : "tensor '0.weight'");
        }
    }

    @Test
    void aChangedMetadataValueFailsTheMetadataChecksum() throws IOException {
        Path f = saved();
        byte[] bytes = Files.readAllBytes(f);
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("\"info.epoch\":\"3\"", "\"info.epoch\":\"4\"");
        Path g = dir.resolve("edited.safetensors");
        Files.write(g, s.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> SafeTensors.read(g)).hasMessageContaining("metadata fails its CRC-32C")
                .hasMessageContaining("edited.safetensors");
    }

    @Test
    void savingANonFiniteTensorIsRefusedAndKeepsTheLastGoodFile() throws IOException {
        Path f = saved();
        byte[] good = Files.readAllBytes(f);
        Sequential m = model(1);
        Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
        float[] w = state.get("1.weight").toFloatArray();
        w[3] = Float.POSITIVE_INFINITY;
        state.put("1.weight", Tensor.of(w, 2, 4));
        m.loadStateDict(state, true);
        assertThatThrownBy(() -> Checkpoint.save(f, m, null, Map.of(), Map.of()))
                .isInstanceOf(NonFiniteTensorException.class)
                .hasMessageContaining("refusing to write " + f).hasMessageContaining("tensor '1.weight'")
                .hasMessageContaining("element 3 is Infinity").hasMessageContaining("left as it was");
        assertThat(Files.readAllBytes(f)).isEqualTo(good);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("checkpoint.safetensors");
        }
    }

    @Test
    void loadingATensorOverwrittenWithNanIsRefusedNamingFileAndTensor() throws IOException {
        // Valid checksums over NaN weights: as if another tool had rewritten the file.
        Map<String, Tensor> t = new LinkedHashMap<>(model(1).stateDict());
        t.put("0.weight", Tensor.full(Float.NaN, 4, 5));
        Path f = dir.resolve("nan.safetensors");
        SafeTensors.write(f, t, Map.of("format", Checkpoint.FORMAT));
        assertThatThrownBy(() -> Checkpoint.load(f, model(1), null, Map.of()))
                .isInstanceOf(NonFiniteTensorException.class)
                .hasMessageContaining(f + ": tensor '0.weight' [4, 5] holds NaN/Inf").hasMessageContaining("cannot be resumed");
    }

    @Test
    void anOldFileWithoutChecksumsLoadsWithOneNote() throws IOException {
        Sequential m = model(2);
        Map<String, Tensor> t = m.stateDict();
        StringBuilder json = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : t.entrySet()) {
            float[] v = e.getValue().toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            data.write(b.array(), 0, v.length * 4);
            json.append(json.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + v.length * 4L).append("]}");
            offset += v.length * 4L;
        }
        byte[] h = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(h.length).put(h).put(data.toByteArray());
        Path f = dir.resolve("old.safetensors");
        Files.write(f, file.array());

        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Sequential into = model(9);
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Checkpoint.load(f, into, null, Map.of());
            Checkpoint.load(f, into, null, Map.of());
        } finally {
            System.setErr(old);
        }
        assertThat(SafeTensors.read(f).checksummed()).isFalse();
        assertThat(into.stateDict().get("0.weight").toFloatArray()).containsExactly(t.get("0.weight").toFloatArray());
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains("old.safetensors carries no checksums");
    }
}
