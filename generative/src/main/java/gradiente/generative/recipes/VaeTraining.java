package gradiente.generative.recipes;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.generative.sample.Decoders;
import gradiente.generative.training.EpochLoop;
import gradiente.generative.training.MetricHistory;
import gradiente.generative.training.Recipe;
import gradiente.generative.training.RecipeBuilder;
import gradiente.generative.training.RunFolder;
import gradiente.generative.training.RunFolderLock;
import gradiente.generative.vae.Vae;
import gradiente.generative.vae.VaeLoss;
import gradiente.generative.vae.VaeSpec;
import gradiente.mnist.Dataset;
import gradiente.mnist.batch.Batch;
import gradiente.mnist.batch.DataLoader;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.Optimizer;
import gradiente.nn.train.TrainState;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains seed 000's variational autoencoder the way {@code ./gradiente train vae} does: the encoder gives
 * {@code mu} and {@code ln sigma^2}, {@code z = mu + sigma * eps} (eq. 19), the loss is the negative ELBO
 * {@code KL(q(z|x) || N(0, I)) + reconstruction} in nats per image (eq. 7-18, {@link VaeLoss}), minimised with
 * Adam. After every epoch the test set's negative ELBO and its terms join the row ({@code test_neg_elbo},
 * {@code test_kl}, {@code test_recon}); the checkpoint, {@code metrics.csv} and curves are written each epoch
 * and {@code generator.safetensors} (the decoder, self-describing) at the end.
 * <pre>
 *   VaeRun run = VaeTraining.builder().arch("conv").epochs(10).runFolder(dir).build().fit(train, test);
 * </pre>
 * Defaults: {@code arch mlp}, hidden 400, latent 20, Bernoulli likelihood (sigma 0.1 for the Gaussian one),
 * Adam lr 1e-3, batch 128, 10 epochs, seed 1.
 */
public final class VaeTraining extends Recipe<VaeTraining.Builder> {
    private VaeTraining(Builder b) {
        super(b);
    }

    /** A recipe with seed 000's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a recipe. */
    public static final class Builder extends RecipeBuilder<Builder, VaeRun> {
        private String arch = "mlp";
        private VaeLoss.Likelihood likelihood = VaeLoss.Likelihood.BERNOULLI;
        private double sigma = 0.1;
        private int latent = 20;
        private int hidden = 400;

        private Builder() {
            epochs(10);
            batch(128);
            lr(1e-3);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** {@code mlp} or {@code conv}. */
        public Builder arch(String a) {
            this.arch = a;
            return this;
        }

        public Builder likelihood(VaeLoss.Likelihood l) {
            this.likelihood = l;
            return this;
        }

        /** Standard deviation of the Gaussian likelihood. */
        public Builder sigma(double s) {
            this.sigma = s;
            return this;
        }

        public Builder latent(int d) {
            this.latent = d;
            return this;
        }

        public Builder hidden(int n) {
            this.hidden = n;
            return this;
        }

        public VaeTraining build() {
            complete("VaeTraining");
            return new VaeTraining(this);
        }
    }

    public String arch() {
        return b.arch;
    }

    public VaeLoss.Likelihood likelihood() {
        return b.likelihood;
    }

    public double sigma() {
        return b.sigma;
    }

    public int latent() {
        return b.latent;
    }

    public Path runFolder() {
        return b.runFolder("vae");
    }

    /** Trains on {@code train} (pixels in [0, 1]), scoring {@code test} after every epoch and at the end. */
    public VaeRun fit(Dataset train, Dataset test) throws IOException {
        // The spec checks the settings first, so a bad one leaves no run folder (nor its lock) behind.
        VaeSpec spec = new VaeSpec(b.arch, b.latent, b.hidden, b.likelihood, b.sigma, train.height(), train.width());
        RunFolder folder = b.openRunFolder("vae");
        Device dev = b.device();
        Vae vae = spec.build(Generator.derive(b.seed(), RandomStream.INIT));
        vae.to(dev);
        Adam adam = new Adam(vae.namedParameters(), b.lr());
        Generator eps = Generator.derive(b.seed(), RandomStream.VAE_EPS);
        VaeRun run = new VaeRun(this, spec, vae, train, test, folder, settings(spec, train));
        b.listeners().started(run);
        MetricHistory history = EpochLoop.over(DataLoader.of(train, b.batch()).shuffled(b.seed()).on(dev),
                        new TrainState(vae, adam, Map.of("eps", eps)), folder)
                .epochs(b.epochs()).settings(run.settings()).progress(b.progress()).log(b.log()).guard(b.guard())
                .step((batch, means) -> {
                    Vae.Pass p = vae.forward(new Variable(batch.images()), eps);
                    VaeLoss.Terms t = VaeLoss.of(new Variable(batch.images()), p.logits(), p.mu(), p.logVar(), b.likelihood,
                            b.sigma);
                    adam.zeroGrad();
                    t.negElbo().backward();
                    adam.step();
                    means.add("neg_elbo", t.negElbo().item(), batch.size());
                    means.add("kl", t.kl().item(), batch.size());
                    means.add("recon", t.recon().item(), batch.size());
                })
                .after(epoch -> {
                    return b.listeners().epochEnded(run, epoch, Map.of(), evaluate(vae, test, b.likelihood, b.sigma, dev));
                })
                .build().run(b.resume());
        save(folder.file(Decoders.FINAL), spec, vae, history.size());
        run.finish(history, evaluate(vae, test, b.likelihood, b.sigma, dev));
        summarise(run);
        b.listeners().finished(run);
        RunFolderLock.release(folder.dir());
        return run;
    }

    /** Saves the VAE with its specification, so that {@code Decoders.load} rebuilds its decoder from the file. */
    static void save(Path file, VaeSpec spec, Vae vae, int epoch) throws IOException {
        Map<String, String> info = new LinkedHashMap<>(spec.toInfo());
        info.put("epoch", Integer.toString(epoch));
        Checkpoint.save(file, vae, (Optimizer) null, Map.of(), info);
    }

    /**
     * The test set's negative ELBO and its terms in nats per image, one sample of eps per image from a
     * fixed seed (so every epoch is measured with the same noise).
     */
    public static Map<String, Double> evaluate(Vae vae, Dataset test, VaeLoss.Likelihood lik, double sigma, Device dev) {
        Generator gen = new Generator(0xE7A1);
        double[] sums = new double[3];
        boolean was = vae.isTraining();
        vae.eval();
        try (var scope = GradMode.noGrad()) {
            for (Batch batch : DataLoader.of(test, 500).on(dev).epoch(0)) {
                Variable x = new Variable(batch.images());
                Vae.Pass p = vae.forward(x, gen);
                VaeLoss.Terms t = VaeLoss.of(x, p.logits(), p.mu(), p.logVar(), lik, sigma);
                sums[0] += t.negElbo().item() * batch.size();
                sums[1] += t.kl().item() * batch.size();
                sums[2] += t.recon().item() * batch.size();
            }
        } finally {
            vae.train(was);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_neg_elbo", sums[0] / test.size());
        m.put("test_kl", sums[1] / test.size());
        m.put("test_recon", sums[2] / test.size());
        return m;
    }

    private Map<String, String> settings(VaeSpec spec, Dataset train) {
        Map<String, String> s = new LinkedHashMap<>(spec.toInfo());
        s.put("dataset", train.name());
        s.put("train_images", Integer.toString(train.size()));
        s.put("batch", Integer.toString(b.batch()));
        s.put("lr", Double.toString(b.lr()));
        s.put("seed", Long.toString(b.seed()));
        return s;
    }

    private void summarise(VaeRun run) {
        Map<String, Object> summary = run.summary();
        summary.put("model", "vae");
        summary.put("arch", b.arch);
        summary.put("likelihood", b.likelihood.name().toLowerCase(Locale.ROOT));
        summary.put("sigma", b.sigma);
        summary.put("latent", b.latent);
        summary.put("hidden", b.hidden);
        summary.put("parameters", run.vae().numParameters());
        run.settings().forEach((k, v) -> {
            if (!k.startsWith("spec.")) {
                summary.put(k, v);
            }
        });
        summary.put("epochs", run.history().size());
        summary.put("device", b.device().toString());
        summary.put("reduction", "sum over pixels and latent dimensions, mean over images: nats per image");
        for (String metric : run.history().toLog().metrics()) {
            summary.put(metric, run.history().values(metric));
        }
        summary.put("test_images", run.test().size());
        summary.put("final_test_neg_elbo", run.finalTest().get("test_neg_elbo"));
        summary.put("final_test_kl", run.finalTest().get("test_kl"));
        summary.put("final_test_recon", run.finalTest().get("test_recon"));
    }
}
