package gradiente.generative.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.generative.gan.Latent;
import gradiente.generative.training.SettingException;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Split;
import gradiente.mnist.idx.SyntheticIdx;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.nn.train.ProgressBar;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lockstep record of a thesis DCGAN run (issue 13): complete, in the documented format, faithful to the run
 * it records (the latent vectors are the run's, the last state is the saved generator), and invisible to it
 * (a recorded run is bit for bit the unrecorded one). The PyTorch side, {@code bench/scripts/torch_lockstep.py},
 * reads the same format.
 */
class LockstepRecorderTest {
    @TempDir
    Path tmp;

    /** A parsed GLS1 file: float arrays as doubles, bit arrays as 0/1, with their shapes. */
    record Arr(int[] shape, double[] v) {
    }

    static Map<String, Arr> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("GLS1");
        int n = b.getInt();
        Map<String, Arr> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            int dtype = b.get();
            int[] shape = new int[b.get()];
            int count = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = b.getInt();
                count *= shape[d];
            }
            long bytes = b.getLong();
            double[] v = new double[count];
            int start = b.position();
            for (int k = 0; k < count; k++) {
                v[k] = switch (dtype) {
                    case 0 -> b.getFloat(start + 4 * k);
                    case 2 -> b.getDouble(start + 8 * k);
                    case 1 -> (b.get(start + (k >> 3)) >>> (7 - (k & 7))) & 1;
                    default -> throw new AssertionError("dtype " + dtype);
                };
            }
            b.position(start + (int) bytes);
            out.put(new String(name, StandardCharsets.UTF_8), new Arr(shape, v));
        }
        assertThat(b.remaining()).isZero();
        return out;
    }

    private GanRun run(Dataset train, Path out, LockstepRecorder rec) throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        GanTraining.Builder b = GanTraining.of(GanModel.DCGAN).batch(8).epochs(1).seed(3).device(Device.CPU).runFolder(out)
                .progress(new ProgressBar(quiet, false, 1e9, System::nanoTime)).log(quiet);
        if (rec != null) {
            b.listener(rec);
        }
        return b.build().fit(train);
    }

    @Test
    void recordsEveryInputAndTheStateWithoutChangingTheRun() throws IOException {
        Path data = SyntheticIdx.write(Files.createDirectories(tmp.resolve("data")), 40, 8, 5);
        Dataset train = Dataset.load(DatasetFiles.find(DatasetKind.IDX, data), Split.TRAIN,
                GanTraining.of(GanModel.DCGAN).build().scaling());
        Path recDir = tmp.resolve("rec");
        GanRun recorded = run(train, tmp.resolve("a"), new LockstepRecorder(recDir, 2));
        GanRun plain = run(train, tmp.resolve("b"), null);

        // Invisible: same measurements, same generator, bit for bit.
        Map<String, Double> m = new LinkedHashMap<>(recorded.history().epoch(1));
        Map<String, Double> q = new LinkedHashMap<>(plain.history().epoch(1));
        for (String timing : new String[] {"seconds", "images_per_second"}) {
            m.remove(timing);
            q.remove(timing);
        }
        assertThat(m).containsKey("loss_d").isEqualTo(q);
        Map<String, Tensor> ga = SafeTensors.read(tmp.resolve("a").resolve("generator.safetensors")).tensors();
        Map<String, Tensor> gb = SafeTensors.read(tmp.resolve("b").resolve("generator.safetensors")).tensors();
        assertThat(ga.keySet()).isEqualTo(gb.keySet());
        ga.forEach((k, t) -> assertThat(t.toFloatArray()).as(k).containsExactly(gb.get(k).toFloatArray()));

        // 40 images, batch 8: 5 updates; states after 0, 2, 4; gradients in updates 1, 3, 5.
        try (var files = Files.list(recDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "rec-000001.bin", "rec-000002.bin", "rec-000003.bin", "rec-000004.bin", "rec-000005.bin",
                    "state-000000.bin", "state-000002.bin", "state-000004.bin");
        }
        Map<String, Arr> r1 = read(recDir.resolve("rec-000001.bin"));
        assertThat(r1.get("real").shape()).containsExactly(4, 1, 28, 28);
        assertThat(r1.get("z_d").shape()).containsExactly(4, 100);
        assertThat(r1.get("z_g").shape()).containsExactly(8, 100);
        assertThat(r1.get("mask0").shape()).containsExactly(8, 64, 14, 14);
        assertThat(r1.get("mask1").shape()).containsExactly(8, 64, 7, 7);
        assertThat(r1.get("mask2").shape()).containsExactly(8, 64, 14, 14);
        assertThat(r1.get("mask3").shape()).containsExactly(8, 64, 7, 7);
        double kept = java.util.Arrays.stream(r1.get("mask2").v()).average().orElseThrow();
        assertThat(kept).isBetween(0.55, 0.65); // Dropout(0.4) keeps 60%
        assertThat(r1.keySet()).anyMatch(k -> k.startsWith("grad_d.")).anyMatch(k -> k.startsWith("grad_g."))
                .anyMatch(k -> k.startsWith("d_after.")).contains("m.loss_d", "m.loss_g", "m.d_real", "m.d_fake");
        assertThat(read(recDir.resolve("rec-000002.bin")).keySet()).noneMatch(k -> k.startsWith("grad_"));
        assertThat(r1.get("m.loss_d").v()[0]).isPositive();

        // Faithful: D's latent vectors are the first draw of the run's noise stream ...
        Tensor z = Latent.sample(Generator.derive(3, RandomStream.LATENT_NOISE), 4, 100, DType.FLOAT32, Device.CPU);
        assertThat(r1.get("z_d").v()).containsExactly(toDoubles(z.toFloatArray()));
        // ... the initial state has no optimiser slots, a later one has Adam's with the step count.
        Map<String, Arr> s0 = read(recDir.resolve("state-000000.bin"));
        assertThat(s0.keySet()).noneMatch(k -> k.startsWith("opt_"));
        Map<String, Arr> s4 = read(recDir.resolve("state-000004.bin"));
        assertThat(s4.keySet()).anyMatch(k -> k.startsWith("opt_g.") && k.endsWith("/s"))
                .anyMatch(k -> k.startsWith("opt_d.") && k.endsWith("/r"));
        String step = s4.keySet().stream().filter(k -> k.startsWith("opt_d.") && k.endsWith("/step")).findFirst().orElseThrow();
        assertThat(s4.get(step).v()[0]).isEqualTo(4.0);
        // D after its step in update 5 is the state after update 4 moved by one Adam step (at most about lr).
        Map<String, Arr> r5 = read(recDir.resolve("rec-000005.bin"));
        String dw = r5.keySet().stream().filter(k -> k.startsWith("d_after.")).findFirst().orElseThrow();
        double[] before = s4.get("d." + dw.substring("d_after.".length())).v();
        double[] after = r5.get(dw).v();
        double moved = 0;
        for (int i = 0; i < before.length; i++) {
            moved = Math.max(moved, Math.abs(after[i] - before[i]));
        }
        assertThat(moved).isGreaterThan(1e-5).isLessThan(3e-4); // at most about lr = 2e-4 per element
    }

    @Test
    void everyMustBePositive() {
        assertThatThrownBy(() -> new LockstepRecorder(tmp, 0)).isInstanceOf(SettingException.class)
                .hasMessageContaining("every must be >= 1");
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
