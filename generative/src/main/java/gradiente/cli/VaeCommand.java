package gradiente.cli;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.generative.gan.Latent;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.Samples;
import gradiente.generative.train.EpochLoop;
import gradiente.generative.train.MetricHistory;
import gradiente.generative.train.RunFolder;
import gradiente.generative.train.TrainState;
import gradiente.generative.vae.Vae;
import gradiente.generative.vae.VaeLoss;
import gradiente.generative.vae.VaeSpec;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.batch.Batch;
import gradiente.mnist.batch.DataLoader;
import gradiente.mnist.image.ImageGrid;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Backends;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gradiente train vae}: the variational autoencoder of seed 000 (eq. 7-19). */
@Command(name = "vae", mixinStandardHelpOptions = true, description = {
        "Seed 000's variational autoencoder: encoder to mu and ln sigma^2, z = mu + sigma * eps (eq. 19), decoder to",
        "pixel logits; loss = KL(q(z|x) || N(0, I)) in closed form + reconstruction (Bernoulli: BCE summed over",
        "pixels; Gaussian: squared error / (2 sigma^2) + constant), averaged over the batch = negative ELBO in nats per image.",
        "Defaults: --arch mlp (hidden 400), latent 20, Adam lr 1e-3, batch 128, 10 epochs. Evaluates the test negative",
        "ELBO after every epoch; writes samples/epoch_NNN.png (z ~ N(0, I), fixed), reconstructions.png (pairs of rows:",
        "test images, their reconstructions), generator.safetensors, samples.idx, curves and metrics.json;",
        "the last line is test_neg_elbo=..."})
public final class VaeCommand implements TrainTarget, Callable<Integer> {
    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @CommandLine.Mixin
    RunSafety safety = new RunSafety();

    @Option(names = "--arch", defaultValue = "mlp", description = "mlp or conv (default ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--likelihood", defaultValue = "bernoulli", description = "bernoulli (BCE) or gaussian (MSE) (default ${DEFAULT-VALUE})")
    String likelihood;

    @Option(names = "--sigma", defaultValue = "0.1", description = "standard deviation of the Gaussian likelihood (default ${DEFAULT-VALUE})")
    double sigma;

    @Option(names = "--latent", defaultValue = "20", description = "latent size (default ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--hidden", defaultValue = "400", description = "hidden width (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--epochs", defaultValue = "10", description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam step size (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "seed of weights, shuffling and eps (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder (default runs/vae)")
    Path out;

    @Option(names = "--device", description = "cpu, cuda, cuda:N or auto (default: $GRADIENTE_DEVICE, else cpu)")
    String device;

    @Option(names = "--resume", description = "continue the run in --out from its checkpoint")
    boolean resume;

    @Option(names = "--save-every", defaultValue = "5", description = "save the model every N epochs, 0 never (default ${DEFAULT-VALUE})")
    int saveEvery;

    @Option(names = "--train-size", defaultValue = "0", description = "use only the first N training images (0 = all)")
    int trainSize;

    @Option(names = "--test-size", defaultValue = "0", description = "use only the first N test images (0 = all)")
    int testSize;

    @Option(names = "--grid", defaultValue = "10", description = "columns of the sample grid, N x N images (default ${DEFAULT-VALUE})")
    int gridColumns;

    @Option(names = "--samples", defaultValue = "10000", description = "generated images written to samples.idx (default ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() throws IOException {
        VaeLoss.Likelihood lik = VaeLoss.Likelihood.parse(likelihood);
        Device dev = device == null ? Backends.defaultDevice() : Backends.resolve(device);
        SizeChecks.vae(latent, hidden, samples, gridColumns);
        RunFolder folder = safety.open(out != null ? out : Path.of("runs", "vae"), resume);
        DatasetFiles files = where.files(false);
        Dataset train = firstN(Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE), trainSize);
        Dataset test = firstN(Dataset.load(files, Split.TEST, Scaling.ZERO_ONE), testSize);
        VaeSpec spec = new VaeSpec(arch, latent, hidden, lik, sigma, train.height(), train.width());
        Vae vae = spec.build(Generator.derive(seed, RandomStream.INIT));
        vae.to(dev);
        Adam adam = new Adam(vae.namedParameters(), lr);
        Generator eps = Generator.derive(seed, RandomStream.VAE_EPS);
        System.out.printf(Locale.ROOT, "vae (%s, %s likelihood%s) on %s: %d training and %d test images, %,d parameters, "
                        + "latent %d, batch %d, %d epochs, Adam lr %s, seed %d, device %s%n", arch, lik.name().toLowerCase(Locale.ROOT),
                lik == VaeLoss.Likelihood.GAUSSIAN ? " sigma " + sigma : "", train.name(), train.size(), test.size(),
                vae.numParameters(), latent, batch, epochs, lr, seed, dev);
        System.out.println(vae);

        Map<String, String> settings = new LinkedHashMap<>(spec.toInfo());
        settings.put("dataset", train.name());
        settings.put("train_images", Integer.toString(train.size()));
        settings.put("batch", Integer.toString(batch));
        settings.put("lr", Double.toString(lr));
        settings.put("seed", Long.toString(seed));

        Files.createDirectories(folder.file("samples"));
        ImageGrid grid = ImageGrid.defaults().columns(gridColumns).scale(2);
        Tensor fixedZ = Latent.sample(Generator.derive(seed, RandomStream.FIXED_NOISE), gridColumns * gridColumns, latent, DType.FLOAT32, dev);
        MetricHistory history = EpochLoop.over(DataLoader.of(train, batch).shuffled(seed).on(dev),
                        new TrainState(vae, adam, Map.of("eps", eps)), folder)
                .epochs(epochs).settings(settings).guard(safety.guard("--lr " + lr))
                .step((b, means) -> {
                    Vae.Pass p = vae.forward(new Variable(b.images()), eps);
                    VaeLoss.Terms t = VaeLoss.of(new Variable(b.images()), p.logits(), p.mu(), p.logVar(), lik, sigma);
                    adam.zeroGrad();
                    t.negElbo().backward();
                    adam.step();
                    means.add("neg_elbo", t.negElbo().item(), b.size());
                    means.add("kl", t.kl().item(), b.size());
                    means.add("recon", t.recon().item(), b.size());
                })
                .after(epoch -> {
                    Map<String, Double> m = evaluate(vae, test, lik, dev);
                    grid.write(vae.generate(fixedZ), folder.file(String.format(Locale.ROOT, "samples/epoch_%03d.png", epoch)));
                    grid.write(vae.generate(fixedZ), folder.file("samples.png"));
                    writeReconstructions(vae, test, folder.file("reconstructions.png"), dev);
                    if (saveEvery > 0 && epoch % saveEvery == 0) {
                        save(folder.file(String.format(Locale.ROOT, "generator_epoch_%03d.safetensors", epoch)), spec, vae, epoch);
                    }
                    return m;
                })
                .build().run(resume);

        save(folder.file(Decoders.FINAL), spec, vae, history.size());
        Map<String, Double> fin = evaluate(vae, test, lik, dev);
        if (samples > 0) {
            Generator gen = Generator.derive(seed, RandomStream.FINAL_SAMPLES);
            Tensor[] parts = new Tensor[(samples + 499) / 500];
            for (int s = 0, p = 0; s < samples; s += 500, p++) {
                parts[p] = vae.generate(Latent.sample(gen, Math.min(500, samples - s), latent, DType.FLOAT32, dev)).to(Device.CPU);
            }
            Samples.writeIdx(folder.file(Samples.IDX), Tensor.concat(0, parts), Scaling.ZERO_ONE);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", "vae");
        summary.put("arch", arch);
        summary.put("likelihood", lik.name().toLowerCase(Locale.ROOT));
        summary.put("sigma", sigma);
        summary.put("latent", latent);
        summary.put("hidden", hidden);
        summary.put("parameters", vae.numParameters());
        settings.forEach((k, v) -> {
            if (!k.startsWith("spec.")) {
                summary.put(k, v);
            }
        });
        summary.put("epochs", history.size());
        summary.put("device", dev.toString());
        summary.put("reduction", "sum over pixels and latent dimensions, mean over images: nats per image");
        for (String metric : history.toLog().metrics()) {
            summary.put(metric, history.values(metric));
        }
        summary.put("test_images", test.size());
        summary.put("final_test_neg_elbo", fin.get("test_neg_elbo"));
        summary.put("final_test_kl", fin.get("test_kl"));
        summary.put("final_test_recon", fin.get("test_recon"));
        folder.writeMetricsJson(summary);
        System.out.printf(Locale.ROOT, "test: KL %.2f + reconstruction %.2f nats per image; run folder %s%n", fin.get("test_kl"),
                fin.get("test_recon"), folder.dir());
        System.out.printf(Locale.ROOT, "test_neg_elbo=%.2f%n", fin.get("test_neg_elbo"));
        return 0;
    }

    private static void save(Path file, VaeSpec spec, Vae vae, int epoch) throws IOException {
        Map<String, String> info = new LinkedHashMap<>(spec.toInfo());
        info.put("epoch", Integer.toString(epoch));
        Checkpoint.save(file, vae, (Optimizer) null, Map.of(), info);
    }

    /**
     * The test set's negative ELBO and its terms in nats per image, one sample of eps per image from a
     * fixed seed (so every epoch is measured with the same noise).
     */
    static Map<String, Double> evaluate(Vae vae, Dataset test, VaeLoss.Likelihood lik, double sigma, Device dev) {
        Generator gen = new Generator(0xE7A1);
        double[] sums = new double[3];
        boolean was = vae.isTraining();
        vae.eval();
        try (var scope = GradMode.noGrad()) {
            for (Batch b : DataLoader.of(test, 500).on(dev).epoch(0)) {
                Variable x = new Variable(b.images());
                Vae.Pass p = vae.forward(x, gen);
                VaeLoss.Terms t = VaeLoss.of(x, p.logits(), p.mu(), p.logVar(), lik, sigma);
                sums[0] += t.negElbo().item() * b.size();
                sums[1] += t.kl().item() * b.size();
                sums[2] += t.recon().item() * b.size();
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

    private Map<String, Double> evaluate(Vae vae, Dataset test, VaeLoss.Likelihood lik, Device dev) {
        return evaluate(vae, test, lik, sigma, dev);
    }

    /** Pairs of rows of --grid test images: the originals above, their reconstructions (the decoder's mean at z = mu) below. */
    private void writeReconstructions(Vae vae, Dataset test, Path png, Device dev) throws IOException {
        int n = Math.min(gridColumns * Math.max(1, gridColumns / 2), test.size());
        int cols = gridColumns;
        Tensor x = test.images().narrow(0, 0, n).to(dev);
        Tensor rec;
        try (var scope = GradMode.noGrad()) {
            rec = vae.generate(vae.encode(new Variable(x))[0].data());
        }
        Tensor[] rows = new Tensor[2 * ((n + cols - 1) / cols)];
        for (int r = 0, i = 0; r < n; r += cols, i += 2) {
            int k = Math.min(cols, n - r);
            rows[i] = x.narrow(0, r, k);
            rows[i + 1] = rec.narrow(0, r, k);
        }
        ImageGrid.defaults().columns(cols).scale(2).write(Tensor.concat(0, rows).to(Device.CPU), png);
    }

    private static Dataset firstN(Dataset d, int n) {
        return n > 0 && n < d.size() ? d.slice(0, n) : d;
    }
}
