package gradiente.generative.vae;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.Module;
import gradiente.nn.layers.Linear;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * A variational autoencoder (seed 000 section 2.3.3, eq. 7-19): an encoder {@code q(z|x)} that maps an
 * image to the mean {@code mu} and log-variance {@code ln sigma^2} of a diagonal Gaussian over the
 * latent space, the reparameterisation {@code z = mu + sigma * eps, eps ~ N(0, I)} (eq. 19) that lets
 * gradients flow through the sample, and a decoder {@code p(x|z)} that maps {@code z} back to pixel
 * logits {@code [N, 1, H, W]} (the image is {@code sigmoid(logits)}).
 *
 * <pre>
 *   x [N,1,H,W] -> encoder -> h [N, F] -> mu = Linear(F, d)(h),  ln sigma^2 = Linear(F, d)(h)
 *   z = mu + exp(ln sigma^2 / 2) * eps                                      [N, d]
 *   z -> decoder -> logits [N, 1, H, W]
 * </pre>
 */
public final class Vae extends Module {
    private final Layer encoder;
    private final Linear muHead;
    private final Linear logVarHead;
    private final Layer decoder;
    private final int latentDim;

    /** One pass: the encoder's Gaussian, the sample and the decoder's logits. */
    public record Pass(Variable mu, Variable logVar, Variable z, Variable logits) {
    }

    /**
     * @param encoder  images {@code [N, 1, H, W]} to features {@code [N, features]}
     * @param features width of the encoder's output
     * @param decoder  latent vectors {@code [N, latentDim]} to logits {@code [N, 1, H, W]}
     */
    public Vae(Layer encoder, int features, Layer decoder, int latentDim, Generator gen) {
        if (latentDim < 1 || features < 1) {
            throw new IllegalArgumentException("Vae: need latentDim >= 1 and features >= 1, got " + latentDim + " and " + features);
        }
        this.encoder = addModule("encoder", encoder);
        this.muHead = addModule("mu", new Linear(features, latentDim, gen));
        this.logVarHead = addModule("log_var", new Linear(features, latentDim, gen));
        this.decoder = addModule("decoder", decoder);
        this.latentDim = latentDim;
    }

    public int latentDim() {
        return latentDim;
    }

    /** {@code q(z|x)}: the mean and log-variance {@code [N, d]} of each image's latent Gaussian. */
    public Variable[] encode(Variable x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("Vae: images must be [N, C, H, W], got " + x.data().shapeString());
        }
        Variable h = encoder.forward(x);
        if (h.rank() != 2) {
            throw new IllegalArgumentException("Vae: the encoder must give features [N, F], got " + h.data().shapeString());
        }
        return new Variable[] {muHead.forward(h), logVarHead.forward(h)};
    }

    /** Eq. 19: {@code z = mu + sigma * eps} with {@code sigma = exp(ln sigma^2 / 2)}; {@code eps [N, d]}. */
    public static Variable reparameterise(Variable mu, Variable logVar, Tensor eps) {
        return mu.add(logVar.mul(0.5).exp().mul(new Variable(eps)));
    }

    /** The decoder's logits {@code [N, 1, H, W]} for latent vectors {@code z [N, d]}. */
    public Variable decode(Variable z) {
        if (z.rank() != 2 || z.size(1) != latentDim) {
            throw new IllegalArgumentException("Vae: z " + z.data().shapeString() + " must be [N, " + latentDim + "]");
        }
        return decoder.forward(z);
    }

    /** Encodes, samples {@code eps ~ N(0, I)} from {@code gen} and decodes. */
    public Pass forward(Variable x, Generator gen) {
        Variable[] q = encode(x);
        Tensor eps = Tensor.randn(gen, x.data().dtype(), x.size(0), latentDim).to(x.data().device());
        Variable z = reparameterise(q[0], q[1], eps);
        return new Pass(q[0], q[1], z, decode(z));
    }

    /** Images {@code sigmoid(decode(z))} in [0, 1], without a graph, in evaluation mode. */
    public Tensor generate(Tensor z) {
        boolean was = isTraining();
        eval();
        try (var scope = GradMode.noGrad()) {
            return decode(new Variable(z)).sigmoid().data();
        } finally {
            train(was);
        }
    }

    @Override
    protected String describe() {
        return "latent=" + latentDim;
    }
}
