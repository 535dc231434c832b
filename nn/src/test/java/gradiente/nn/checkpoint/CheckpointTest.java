package gradiente.nn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.autograd.Variable;
import gradiente.nn.Sequential;
import gradiente.nn.activations.ReLU;
import gradiente.nn.layers.BatchNorm1d;
import gradiente.nn.layers.Dropout;
import gradiente.nn.layers.Linear;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Adam;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.io.AtomicFiles;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    /** A small classifier with every kind of state: weights, batch-norm buffers, dropout randomness. */
    private static final class Run {
        final Generator rng;
        final Sequential model;
        final Adam adam;

        Run(long initSeed, long rngSeed) {
            Generator init = new Generator(initSeed);
            rng = new Generator(rngSeed);
            model = new Sequential(new Linear(6, 8, init), new BatchNorm1d(8), new ReLU(), new Dropout(0.3, rng),
                    new Linear(8, 3, init));
            adam = new Adam(model.namedParameters(), 0.01);
        }

        void steps(int n) {
            for (int i = 0; i < n; i++) {
                // The batch itself is drawn from the run's generator, like a seeded shuffle.
                Tensor x = Tensor.randn(rng, 10, 6);
                double[] y = new double[10];
                for (int k = 0; k < 10; k++) {
                    y[k] = rng.nextInt(3);
                }
                adam.zeroGrad();
                Losses.crossEntropy(model.forward(new Variable(x)), Tensor.of(y, DType.FLOAT32, 10), Reduction.MEAN)
                        .backward();
                adam.step();
            }
        }

        Map<String, Generator> rngs() {
            return Map.of("train", rng);
        }
    }

    @Test
    void resumingIsBitIdenticalToTrainingStraight() throws IOException {
        Run straight = new Run(1, 2);
        straight.steps(8);

        Run first = new Run(1, 2);
        first.steps(4);
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, first.model, first.adam, first.rngs(), Map.of("step", "4"));

        Run resumed = new Run(99, 98); // different weights and randomness until the checkpoint is loaded
        Map<String, String> info = Checkpoint.load(file, resumed.model, resumed.adam, resumed.rngs());
        assertThat(info).containsEntry("step", "4");
        resumed.steps(4);

        Map<String, Tensor> a = straight.model.stateDict();
        Map<String, Tensor> b = resumed.model.stateDict();
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        for (String k : a.keySet()) {
            assertThat(b.get(k).toFloatArray()).as(k).containsExactly(a.get(k).toFloatArray());
        }
        assertThat(resumed.rng.state()).containsExactly(straight.rng.state());
    }

    @Test
    void namedOptimisersAreSavedAndRestoredSeparately() throws IOException {
        // One module trained by two optimisers (a GAN's generator and discriminator): parameters of the
        // same names under different optimisers must not collide.
        Run a = new Run(1, 2);
        Run b = new Run(3, 4);
        a.steps(3);
        b.steps(5);
        Sequential both = new Sequential(a.model, b.model);
        Map<String, gradiente.nn.optim.Optimizer> opts = new LinkedHashMap<>();
        opts.put("a", a.adam);
        opts.put("b", b.adam);
        Path file = dir.resolve("two.safetensors");
        Checkpoint.saveAll(file, both, opts, Map.of(), Map.of("epoch", "1"));

        Run a2 = new Run(7, 2);
        Run b2 = new Run(8, 4);
        Map<String, gradiente.nn.optim.Optimizer> opts2 = new LinkedHashMap<>();
        opts2.put("a", a2.adam);
        opts2.put("b", b2.adam);
        assertThat(Checkpoint.loadAll(file, new Sequential(a2.model, b2.model), opts2, Map.of())).containsEntry("epoch", "1");
        for (String k : a.adam.state().keySet()) {
            assertThat(a2.adam.state().get(k).toFloatArray()).as("a " + k).containsExactly(a.adam.state().get(k).toFloatArray());
            assertThat(b2.adam.state().get(k).toFloatArray()).as("b " + k).containsExactly(b.adam.state().get(k).toFloatArray());
        }
        Map<String, gradiente.nn.optim.Optimizer> wrong = Map.of("c", new Run(1, 1).adam);
        assertThatThrownBy(() -> Checkpoint.loadAll(file, new Sequential(new Run(1, 1).model, new Run(1, 1).model), wrong,
                Map.of())).hasMessageContaining("no optimiser state named 'c'");
    }

    @Test
    void roundTripKeepsEveryBitTypeShapeAndMetadata() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.of(new float[] {1.5f, -0f, Float.MIN_VALUE, Float.NaN, 3e38f, -7}, 2, 3));
        t.put("d", Tensor.of(new double[] {Math.PI, -1e-300}, 2));
        t.put("scalar", Tensor.of(new double[] {42}));
        t.put("empty", Tensor.zeros(0, 4));
        Path f = dir.resolve("sub/x.safetensors");
        SafeTensors.write(f, t, Map.of("note", "a \"quoted\" ü"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertThat(c.metadata()).containsEntry("note", "a \"quoted\" ü");
        assertThat(c.tensors().keySet()).containsExactly("w", "d", "scalar", "empty");
        assertThat(c.tensors().get("w").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(c.tensors().get("w").shape()).containsExactly(2, 3);
        float[] w = c.tensors().get("w").toFloatArray();
        float[] orig = t.get("w").toFloatArray();
        for (int i = 0; i < w.length; i++) {
            assertThat(Float.floatToRawIntBits(w[i])).isEqualTo(Float.floatToRawIntBits(orig[i]));
        }
        assertThat(c.tensors().get("d").toDoubleArray()).containsExactly(Math.PI, -1e-300);
        assertThat(c.tensors().get("scalar").shape()).isEmpty();
        assertThat(c.tensors().get("empty").shape()).containsExactly(0, 4);
        // Layout: 8-byte length, space-padded header of a multiple of 8 bytes, then the data.
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        assertThat(bytes.length).isEqualTo(8 + n + 6 * 4 + 2 * 8 + 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).contains("\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}");
        assertThat(header).contains("\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]}");
    }

    /** A file laid out as PyTorch's safetensors writes it: sorted keys, I64 and F16 tensors, no metadata. */
    @Test
    void readsForeignDtypesAsWrittenByPytorch() throws IOException {
        String json = "{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[12,14]}}";
        ByteBuffer data = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(7).putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f))
                .putShort((short) (Float.floatToRawIntBits(0.75f) >>> 16));
        Path f = writeRaw(json, data.array());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertThat(c.tensors().get("bn.num_batches_tracked").item()).isEqualTo(7);
        assertThat(c.tensors().get("h").toDoubleArray()).containsExactly(1.5, -2);
        assertThat(c.tensors().get("b").item()).isEqualTo(0.75);
    }

    private Path writeRaw(String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = dir.resolve("raw" + System.nanoTime() + ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void corruptFilesNameTheFileAndOffset() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("w", Tensor.ones(4, 4)), Map.of());
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> SafeTensors.read(truncated)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("truncated.safetensors").hasMessageContaining("truncated")
                .hasMessageContaining("byte offset " + (bytes.length - 10));

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafeTensors.read(tiny)).hasMessageContaining("tiny.safetensors")
                .hasMessageContaining("3 bytes").hasMessageContaining("byte offset 0");

        Path huge = dir.resolve("huge.safetensors");
        byte[] h = bytes.clone();
        h[6] = 1;
        Files.write(huge, h);
        assertThatThrownBy(() -> SafeTensors.read(huge)).hasMessageContaining("header length")
                .hasMessageContaining("byte offset 0");

        Path badJson = dir.resolve("json.safetensors");
        byte[] j = bytes.clone();
        j[8 + 5] = '#';
        Files.write(badJson, j);
        assertThatThrownBy(() -> SafeTensors.read(badJson)).hasMessageContaining("corrupt safetensors header")
                .hasMessageContaining("byte offset 13");

        Path overlap = writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.read(overlap)).hasMessageContaining("overlap");
        Path wrongSize = writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,4]}}", new byte[4]);
        assertThatThrownBy(() -> SafeTensors.read(wrongSize)).hasMessageContaining("needs 12 bytes");
        Path trailing = writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[6]);
        assertThatThrownBy(() -> SafeTensors.read(trailing)).hasMessageContaining("2 bytes follow");
        Path unknown = writeRaw("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        assertThatThrownBy(() -> SafeTensors.read(unknown)).hasMessageContaining("unsupported dtype C64");
    }

    @Test
    void checkpointOfAnotherModelNamesTheTensorAndShapes() throws IOException {
        Run run = new Run(1, 2);
        Path file = dir.resolve("a.safetensors");
        Checkpoint.save(file, run.model, run.adam, run.rngs(), Map.of());
        Sequential other = new Sequential(new Linear(6, 16, new Generator(1)), new BatchNorm1d(16));
        assertThatThrownBy(() -> Checkpoint.load(file, other, null, Map.of()))
                .hasMessageContaining("does not match").hasMessageContaining("'0.weight'")
                .hasMessageContaining("[8, 6]").hasMessageContaining("[16, 6]");
        assertThatThrownBy(() -> Checkpoint.load(file, new Run(1, 2).model, null, Map.of("shuffle", new Generator(1))))
                .hasMessageContaining("'shuffle'").hasMessageContaining("[train]");
        Path noOptim = dir.resolve("b.safetensors");
        Checkpoint.save(noOptim, run.model, null, Map.of(), Map.of());
        Run fresh = new Run(1, 2);
        assertThatThrownBy(() -> Checkpoint.load(noOptim, fresh.model, fresh.adam, Map.of()))
                .hasMessageContaining("no optimiser state");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        SafeTensors.write(f, Map.of("w", Tensor.ones(3)), Map.of());
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[1000]);
            throw new UncheckedIOException(new IOException("disk full (simulated)"));
        })).hasMessageContaining("disk full");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("model.safetensors");
        }
        SafeTensors.write(f, Map.of("w", Tensor.zeros(5)), Map.of());
        assertThat(SafeTensors.read(f).tensors().get("w").shape()).containsExactly(5);
    }
}
