package gradiente.generative.gan;

import gradiente.generative.training.SettingException;
import gradiente.mnist.Scaling;
import gradiente.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything needed to rebuild a trained GAN's networks: which model was trained, the network family
 * ({@link Net#MLP}, seed 004; {@link Net#DCGAN}, thesis 4.2), the latent size, the number of classes of
 * a conditional model and the thesis' DCGAN variants. Saved as text in every checkpoint's metadata
 * ({@link #toInfo()}), so that {@code sample} and {@code interpolate} can rebuild the generator from a
 * file alone.
 *
 * @param model   the trained model's name: gan, cgan, wgan, wgan-gp or dcgan
 * @param net     the network family
 * @param latent  latent size {@code d} of {@code z ~ N(0, I)}
 * @param classes classes of the condition, 0 for an unconditional model
 * @param hidden  hidden width of the MLP nets (unused by DCGAN)
 * @param options DCGAN variants (an MLP uses only {@code tanh}: false)
 * @param height  image height (MLP nets; DCGAN is 28)
 * @param width   image width
 * @param pack    images the discriminator judges together (PacGAN, {@link DiscriminatorNet}); 1 for one score
 *                per image
 * @param generatorFilters     channels of the DCGAN generator's layers (thesis 4.2: 128; unused by MLP nets)
 * @param discriminatorFilters channels of the DCGAN discriminator's convolutions (thesis 4.2: 64)
 */
public record GanSpec(String model, Net net, int latent, int classes, int hidden, DcganNets.Options options,
                      int height, int width, int pack, int generatorFilters, int discriminatorFilters) {
    /** The network families. */
    public enum Net {
        MLP, DCGAN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Net parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "mlp" -> MLP;
                case "dcgan", "conv" -> DCGAN;
                default -> throw new SettingException("GanSpec", "net", "must be mlp or dcgan, got '" + s + "'");
            };
        }
    }

    /** A specification whose discriminator judges one image at a time. */
    public GanSpec(String model, Net net, int latent, int classes, int hidden, DcganNets.Options options, int height,
                   int width) {
        this(model, net, latent, classes, hidden, options, height, width, 1);
    }

    /** A specification with the thesis' DCGAN widths (128 generator, 64 discriminator filters). */
    public GanSpec(String model, Net net, int latent, int classes, int hidden, DcganNets.Options options, int height,
                   int width, int pack) {
        this(model, net, latent, classes, hidden, options, height, width, pack, DcganNets.GENERATOR_FILTERS,
                DcganNets.DISCRIMINATOR_FILTERS);
    }

    public GanSpec {
        if (pack < 1 || (pack > 1 && classes > 0)) {
            throw new IllegalArgumentException("GanSpec: pack must be >= 1, and 1 for a conditional model, got pack "
                    + pack + " with " + classes + " classes");
        }
        if (generatorFilters < 1 || discriminatorFilters < 1) {
            throw new IllegalArgumentException("GanSpec: the DCGAN filters must be >= 1, got generator " + generatorFilters
                    + ", discriminator " + discriminatorFilters);
        }
        if (latent < 1 || classes < 0 || hidden < 1) {
            throw new IllegalArgumentException("GanSpec: need latent >= 1, classes >= 0, hidden >= 1, got " + latent + ", "
                    + classes + ", " + hidden);
        }
        if (net == Net.MLP && (options.tanh() || options.batchNorm() || options.upsample())) {
            throw new IllegalArgumentException("GanSpec: the tanh output, batch norm and upsampling are DCGAN variants; "
                    + "the MLP nets (net MLP) take none of them, use net DCGAN");
        }
        if (net == Net.DCGAN && (height != 28 || width != 28)) {
            throw new IllegalArgumentException("GanSpec: the DCGAN of thesis 4.2 makes 28x28 images, the data are "
                    + height + "x" + width);
        }
    }

    /** The pixel range of the generator's output and of the data it is trained on. */
    public Scaling scaling() {
        return options.tanh() ? Scaling.MINUS_ONE_ONE : Scaling.ZERO_ONE;
    }

    /** A fresh generator of this architecture. */
    public GeneratorNet generator(Generator init) {
        return net == Net.MLP ? MlpNets.generator(latent, classes, hidden, 1, height, width, init)
                : DcganNets.generator(latent, classes, options, generatorFilters, init);
    }

    /**
     * A fresh discriminator ({@code probability}: sigmoid output) or WGAN critic (linear output).
     *
     * @param masks random source of DCGAN's dropout masks
     */
    public DiscriminatorNet discriminator(boolean probability, Generator init, Generator masks) {
        return net == Net.MLP ? MlpNets.discriminator(height * width, classes, hidden, probability, pack, init)
                // Batch norm goes into G only: Algorithm 1 shows D half-real batches in its own update but all-generated
                // ones in G's, so batch statistics in D would make G train against a different D (docs/results).
                : DcganNets.discriminator(classes, probability, false, discriminatorFilters, pack, init, masks);
    }

    /** The specification as checkpoint metadata entries {@code spec.*}. */
    public Map<String, String> toInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spec.kind", "gan");
        m.put("spec.model", model);
        m.put("spec.net", net.id());
        m.put("spec.latent", Integer.toString(latent));
        m.put("spec.classes", Integer.toString(classes));
        m.put("spec.hidden", Integer.toString(hidden));
        m.put("spec.tanh", Boolean.toString(options.tanh()));
        m.put("spec.batchnorm", Boolean.toString(options.batchNorm()));
        m.put("spec.upsample", Boolean.toString(options.upsample()));
        m.put("spec.height", Integer.toString(height));
        m.put("spec.width", Integer.toString(width));
        if (pack > 1) {
            // only when packed, so that files of unpacked models stay as before PacGAN (and resume)
            m.put("spec.pack", Integer.toString(pack));
        }
        // likewise the DCGAN widths only when they are not the thesis'
        if (generatorFilters != DcganNets.GENERATOR_FILTERS) {
            m.put("spec.gfilters", Integer.toString(generatorFilters));
        }
        if (discriminatorFilters != DcganNets.DISCRIMINATOR_FILTERS) {
            m.put("spec.dfilters", Integer.toString(discriminatorFilters));
        }
        return m;
    }

    /** Reads {@link #toInfo()}'s entries back. */
    public static GanSpec fromInfo(Map<String, String> info) {
        if (!"gan".equals(info.get("spec.kind"))) {
            throw new IllegalArgumentException("GanSpec: the checkpoint describes no GAN generator (spec.kind="
                    + info.get("spec.kind") + ")");
        }
        return new GanSpec(info.get("spec.model"), Net.parse(info.get("spec.net")), intOf(info, "spec.latent"),
                intOf(info, "spec.classes"), intOf(info, "spec.hidden"),
                new DcganNets.Options(Boolean.parseBoolean(info.get("spec.tanh")),
                        Boolean.parseBoolean(info.get("spec.batchnorm")), Boolean.parseBoolean(info.get("spec.upsample"))),
                intOf(info, "spec.height"), intOf(info, "spec.width"),
                // files written before PacGAN have no spec.pack: one image per score
                info.containsKey("spec.pack") ? intOf(info, "spec.pack") : 1,
                // files written before the width options have the thesis' widths
                info.containsKey("spec.gfilters") ? intOf(info, "spec.gfilters") : DcganNets.GENERATOR_FILTERS,
                info.containsKey("spec.dfilters") ? intOf(info, "spec.dfilters") : DcganNets.DISCRIMINATOR_FILTERS);
    }

    static int intOf(Map<String, String> info, String key) {
        String v = info.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint metadata lacks '" + key + "'");
        }
        return Integer.parseInt(v);
    }
}
