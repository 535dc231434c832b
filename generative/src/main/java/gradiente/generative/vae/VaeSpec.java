package gradiente.generative.vae;

import gradiente.generative.training.SettingException;
import gradiente.nn.Sequential;
import gradiente.nn.activations.ReLU;
import gradiente.nn.layers.Conv2d;
import gradiente.nn.layers.ConvTranspose2d;
import gradiente.nn.layers.Flatten;
import gradiente.nn.layers.Linear;
import gradiente.nn.layers.Padding;
import gradiente.nn.layers.Reshape;
import gradiente.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A VAE's architecture, saved as checkpoint metadata ({@code spec.*}) so that the file alone rebuilds it.
 *
 * <pre>
 *   MLP:  encoder  Flatten -> Linear(H*W, hidden) -> ReLU                     (features = hidden)
 *         decoder  Linear(d, hidden) -> ReLU -> Linear(hidden, H*W) -> reshape [1, H, W]
 *   conv: encoder  Conv 32 k3 s2 same -> ReLU -> Conv 64 k3 s2 same -> ReLU -> Flatten -> Linear(64*7*7, hidden) -> ReLU
 *         decoder  Linear(d, 64*7*7) -> ReLU -> reshape [64, 7, 7] -> ConvTranspose 32 k4 s2 same (14) -> ReLU
 *                  -> ConvTranspose 1 k4 s2 same (28)
 * </pre>
 *
 * @param arch       {@code mlp} or {@code conv}
 * @param latent     latent size d (seed 000's experiments and the issue: 20)
 * @param hidden     hidden width
 * @param likelihood the decoder's likelihood
 * @param sigma      the Gaussian likelihood's standard deviation
 */
public record VaeSpec(String arch, int latent, int hidden, VaeLoss.Likelihood likelihood, double sigma, int height, int width) {
    public VaeSpec {
        if (!arch.equals("mlp") && !arch.equals("conv")) {
            throw new SettingException("VaeSpec", "arch", "must be mlp or conv, got '" + arch + "'");
        }
        if (arch.equals("conv") && (height != 28 || width != 28)) {
            throw new IllegalArgumentException("VaeSpec: the convolutional VAE is for 28x28 images, got " + height + "x" + width);
        }
        if (latent < 1 || hidden < 1) {
            throw new IllegalArgumentException("VaeSpec: need latent >= 1 and hidden >= 1, got " + latent + " and " + hidden);
        }
    }

    /** A fresh VAE of this architecture. */
    public Vae build(Generator gen) {
        int pixels = height * width;
        if (arch.equals("mlp")) {
            Sequential enc = new Sequential(new Flatten(), new Linear(pixels, hidden, gen), new ReLU());
            Sequential dec = new Sequential(new Linear(latent, hidden, gen), new ReLU(), new Linear(hidden, pixels, gen),
                    new Reshape(1, height, width));
            return new Vae(enc, hidden, dec, latent, gen);
        }
        Sequential enc = new Sequential(
                Conv2d.builder(1, 32, 3).stride(2).padding(Padding.same()).build(gen), new ReLU(),
                Conv2d.builder(32, 64, 3).stride(2).padding(Padding.same()).build(gen), new ReLU(),
                new Flatten(), new Linear(64 * 7 * 7, hidden, gen), new ReLU());
        Sequential dec = new Sequential(
                new Linear(latent, 64 * 7 * 7, gen), new ReLU(), new Reshape(64, 7, 7),
                ConvTranspose2d.builder(64, 32, 4).stride(2).same().build(gen), new ReLU(),
                ConvTranspose2d.builder(32, 1, 4).stride(2).same().build(gen));
        return new Vae(enc, hidden, dec, latent, gen);
    }

    /** The specification as checkpoint metadata. */
    public Map<String, String> toInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spec.kind", "vae");
        m.put("spec.arch", arch);
        m.put("spec.latent", Integer.toString(latent));
        m.put("spec.hidden", Integer.toString(hidden));
        m.put("spec.likelihood", likelihood.name().toLowerCase(Locale.ROOT));
        m.put("spec.sigma", Double.toString(sigma));
        m.put("spec.height", Integer.toString(height));
        m.put("spec.width", Integer.toString(width));
        return m;
    }

    /** Reads {@link #toInfo()}'s entries back. */
    public static VaeSpec fromInfo(Map<String, String> info) {
        if (!"vae".equals(info.get("spec.kind"))) {
            throw new IllegalArgumentException("VaeSpec: the checkpoint describes no VAE (spec.kind=" + info.get("spec.kind") + ")");
        }
        return new VaeSpec(info.get("spec.arch"), Integer.parseInt(info.get("spec.latent")),
                Integer.parseInt(info.get("spec.hidden")), VaeLoss.Likelihood.parse(info.get("spec.likelihood")),
                Double.parseDouble(info.get("spec.sigma")), Integer.parseInt(info.get("spec.height")),
                Integer.parseInt(info.get("spec.width")));
    }
}
