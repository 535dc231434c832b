package gradiente.generative.recipes;

import gradiente.autograd.Variable;
import gradiente.generative.gan.AdversarialPair;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.nn.Module;
import gradiente.nn.layers.Dropout;
import gradiente.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a GAN run so that another engine can replay it update for update (issue 13's lockstep comparison
 * with PyTorch, {@code bench/scripts/torch_lockstep.py}): for every update, everything random the step consumed
 * (the real images, both latent batches, every dropout mask in the order drawn) and what it measured; every
 * {@code every} updates, the whole state (G's and D's parameters, both optimisers' slots) and, for the update
 * after it, D's and G's gradients and D's parameters after its own step. With the state at {@code u - 1} and
 * the inputs of update {@code u}, the other engine computes update {@code u} from gradiente's own state, so a
 * kernel or op that is wrong at some point of the trajectory shows as a one-step difference there, not lost in
 * the chaotic growth of float32 rounding over a free run.
 *
 * <p>Files in {@code dir}, each written to a temporary name and renamed when complete:
 * {@code rec-NNNNNN.bin} (update {@code N}'s inputs and measurements; at checkpoint updates also
 * {@code grad_d.*}, {@code d_after.*}, {@code grad_g.*}) and {@code state-NNNNNN.bin} (after update {@code N},
 * {@code N} a multiple of {@code every}, with {@code N = 0} the initial weights). Format: ASCII {@code GLS1}, an
 * int32 count, then per array: int16 name length, UTF-8 name, a dtype byte (0 float32, 1 bits packed 8 per byte
 * most significant first, 2 float64), an int8 rank, int32 dimensions, an int64 byte count and the data,
 * everything little-endian. Masks are stored as bits ({@code mask != 0}); their scale is {@code 1 / (1 - p)}.
 *
 * <p>Recording costs about 2 MB per update (masks of the thesis DCGAN's D at batch 256) and 15 MB per state.
 * Observing draws no random numbers, so a recorded run is the same run as an unrecorded one.
 */
public final class LockstepRecorder implements TrainingListener<GanRun> {
    private static final byte F32 = 0;
    private static final byte BITS = 1;
    private static final byte F64 = 2;

    private final Path dir;
    private final int every;
    private final Map<String, Array> current = new LinkedHashMap<>();
    private int masks;
    private long update;
    private AdversarialPair pair;

    private record Array(byte dtype, int[] shape, byte[] data) {
    }

    /**
     * @param dir   folder of the records (created)
     * @param every a full state every this many updates (at least 1)
     */
    public LockstepRecorder(Path dir, int every) {
        if (every < 1) {
            throw new SettingException("LockstepRecorder", "every", "must be >= 1, got " + every);
        }
        this.dir = dir;
        this.every = every;
    }

    @Override
    public void started(GanRun run) throws IOException {
        Files.createDirectories(dir);
        pair = run.trainer();
        for (Dropout d : dropouts(run.discriminator(), new ArrayList<>())) {
            d.observeMasks(m -> current.put("mask" + masks++, bits(m)));
        }
        for (Dropout d : dropouts(run.generator(), new ArrayList<>())) {
            d.observeMasks(m -> current.put("gmask" + masks++, bits(m)));
        }
        pair.observe(new AdversarialPair.StepObserver() {
            @Override
            public void real(Tensor real) {
                current.put("real", f32(real));
            }

            @Override
            public void latent(Tensor z, boolean recorded) {
                current.put(recorded ? "z_g" : "z_d", f32(z));
                if (recorded && checkpoint(update + 1)) {
                    params("d_after.", pair.discriminator());
                }
            }

            @Override
            public void gradients(String net, Map<String, Variable> params) {
                if (checkpoint(update + 1)) {
                    String prefix = net.equals("generator") ? "grad_g." : "grad_d.";
                    params.forEach((k, v) -> current.put(prefix + k, f32(v.grad())));
                }
            }
        });
        update = 0;
        current.clear();
        masks = 0;
        writeState();
    }

    @Override
    public void updateEnded(GanRun run, long u, Map<String, Double> measured) throws IOException {
        update = u;
        measured.forEach((k, v) -> current.put("m." + k, f64(v)));
        write(String.format("rec-%06d.bin", u), current);
        current.clear();
        masks = 0;
        if (u % every == 0) {
            writeState();
        }
    }

    @Override
    public void finished(GanRun run) {
        pair.observe(null);
    }

    /** Whether update {@code u} records gradients (the first update after each saved state). */
    private boolean checkpoint(long u) {
        return (u - 1) % every == 0;
    }

    private void writeState() throws IOException {
        Map<String, Array> s = new LinkedHashMap<>();
        pair.generator().namedParameters().forEach((k, v) -> s.put("g." + k, f32(v.data())));
        pair.discriminator().namedParameters().forEach((k, v) -> s.put("d." + k, f32(v.data())));
        pair.generatorOptimizer().state().forEach((k, v) -> s.put("opt_g." + k, k.endsWith("/step") ? f64(v.item()) : f32(v)));
        pair.discriminatorOptimizer().state().forEach((k, v) -> s.put("opt_d." + k, k.endsWith("/step") ? f64(v.item()) : f32(v)));
        write(String.format("state-%06d.bin", update), s);
    }

    private void params(String prefix, Module m) {
        m.namedParameters().forEach((k, v) -> current.put(prefix + k, f32(v.data())));
    }

    private static List<Dropout> dropouts(Module m, List<Dropout> out) {
        if (m instanceof Dropout d) {
            out.add(d);
        }
        for (Module c : m.children()) {
            dropouts(c, out);
        }
        return out;
    }

    private static Array f32(Tensor t) {
        float[] v = t.toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return new Array(F32, t.shape(), b.array());
    }

    private static Array f64(double v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putDouble(v);
        return new Array(F64, new int[0], b.array());
    }

    private static Array bits(Tensor mask) {
        float[] v = mask.toFloatArray();
        byte[] out = new byte[(v.length + 7) / 8];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                out[i >> 3] |= (byte) (0x80 >>> (i & 7));
            }
        }
        return new Array(BITS, mask.shape(), out);
    }

    private void write(String name, Map<String, Array> arrays) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
            out.write("GLS1".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(Integer.reverseBytes(arrays.size()));
            for (Map.Entry<String, Array> e : arrays.entrySet()) {
                byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeShort(Short.reverseBytes((short) n.length));
                out.write(n);
                Array a = e.getValue();
                out.writeByte(a.dtype);
                out.writeByte(a.shape.length);
                for (int d : a.shape) {
                    out.writeInt(Integer.reverseBytes(d));
                }
                out.writeLong(Long.reverseBytes(a.data.length));
                out.write(a.data);
            }
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
