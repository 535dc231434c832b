package gradiente.generative.sample;

import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.GeneratorNet;
import gradiente.mnist.Scaling;
import gradiente.nn.Module;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads the decoding half of a trained generative model as one safetensors file whose
 * metadata ({@code info.spec.*}) describes the architecture, so that the file alone rebuilds it.
 */
public final class Decoders {
    /** The final generator (or VAE) file of a run folder. */
    public static final String FINAL = "generator.safetensors";

    private Decoders() {
    }

    /** Saves a GAN generator with its specification and extra information (e.g. the epoch). */
    public static void save(Path file, GanSpec spec, GeneratorNet g, Map<String, String> extra) throws IOException {
        Map<String, String> info = new LinkedHashMap<>(spec.toInfo());
        info.putAll(extra);
        Checkpoint.save(file, g, (Optimizer) null, Map.of(), info);
    }

    /**
     * The decoder of {@code --checkpoint FILE}, or of {@code --run DIR} (its {@value #FINAL}).
     */
    public static LatentDecoder load(Path runOrFile) throws IOException {
        Path file = Files.isDirectory(runOrFile) ? runOrFile.resolve(FINAL) : runOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no trained model at " + file
                    + (Files.isDirectory(runOrFile) ? " (has the run in " + runOrFile + " finished?)" : ""));
        }
        Map<String, String> meta = SafeTensors.read(file).metadata();
        Map<String, String> info = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("info.")) {
                info.put(k.substring(5), v);
            }
        });
        String kind = info.get("spec.kind");
        if ("gan".equals(kind)) {
            GanSpec spec = GanSpec.fromInfo(info);
            GeneratorNet g = spec.generator(new Generator(0));
            load(file, g);
            return new GanDecoder(spec, g, Device.CPU);
        }
        if ("vae".equals(kind)) {
            return VaeDecoders.load(file, info);
        }
        String wrongFile = gradiente.generative.training.SavedFileKind.notAGenerator(file, meta);
        throw new IllegalArgumentException(wrongFile != null ? wrongFile
                : file + " holds no generator this version can rebuild (spec.kind=" + kind + ")");
    }

    /**
     * A live GAN generator as a decoder (no copy: it sees the network's current weights) that lives on
     * {@code device}: latent and class vectors are moved there and the images come back on the CPU.
     */
    public static LatentDecoder of(GanSpec spec, GeneratorNet g, Device device) {
        return new GanDecoder(spec, g, device);
    }

    static void load(Path file, Module m) throws IOException {
        Checkpoint.load(file, m, (Optimizer) null, Map.of());
    }

    private record GanDecoder(GanSpec spec, GeneratorNet g, Device device) implements LatentDecoder {
        @Override
        public String model() {
            return spec.model();
        }

        @Override
        public int latentDim() {
            return spec.latent();
        }

        @Override
        public int classes() {
            return spec.classes();
        }

        @Override
        public Scaling scaling() {
            return spec.scaling();
        }

        @Override
        public Tensor decode(Tensor z, Tensor condition) {
            // Tensor.to returns the tensor itself when it is already there.
            return g.generate(z.to(device), condition == null ? null : condition.to(device)).to(Device.CPU);
        }
    }
}
