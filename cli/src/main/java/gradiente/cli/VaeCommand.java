package gradiente.cli;

import gradiente.generative.recipes.VaeImages;
import gradiente.generative.recipes.VaeRun;
import gradiente.generative.recipes.VaeSamples;
import gradiente.generative.recipes.VaeSnapshots;
import gradiente.generative.recipes.VaeTraining;
import gradiente.generative.training.MetricsJson;
import gradiente.generative.training.TrainingListener;
import gradiente.generative.vae.VaeLoss;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.tensor.Backends;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
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
        SizeChecks.vae(latent, hidden, samples, gridColumns);
        VaeTraining recipe = safety.apply(VaeTraining.builder().arch(arch).likelihood(VaeLoss.Likelihood.parse(likelihood)).sigma(sigma)
                .latent(latent).hidden(hidden).epochs(epochs).batch(batch).lr(lr).seed(seed).resume(resume)
                .device(device == null ? Backends.defaultDevice() : Backends.resolve(device))
                .runFolder(out != null ? out : Path.of("runs", "vae")))
                .listener(new Console(System.out)).listener(new VaeImages(gridColumns)).listener(new VaeSnapshots(saveEvery))
                .listener(new VaeSamples(samples)).listener(new MetricsJson()).listener(new Footer(System.out)).build();
        DatasetFiles files = where.files(false);
        Dataset train = firstN(Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE), trainSize);
        Dataset test = firstN(Dataset.load(files, Split.TEST, Scaling.ZERO_ONE), testSize);
        recipe.fit(train, test);
        return 0;
    }

    /** The settings line and the network before training. */
    private record Console(PrintStream out) implements TrainingListener<VaeRun> {
        @Override
        public void started(VaeRun run) {
            VaeTraining r = run.recipe();
            VaeLoss.Likelihood lik = r.likelihood();
            out.printf(Locale.ROOT, "vae (%s, %s likelihood%s) on %s: %d training and %d test images, %,d parameters, "
                            + "latent %d, batch %d, %d epochs, Adam lr %s, seed %d, device %s%n", r.arch(),
                    lik.name().toLowerCase(Locale.ROOT), lik == VaeLoss.Likelihood.GAUSSIAN ? " sigma " + r.sigma() : "",
                    run.train().name(), run.train().size(), run.test().size(), run.vae().numParameters(), r.latent(), r.batch(),
                    r.epochs(), r.lr(), r.seed(), r.device());
            out.println(run.vae());
        }
    }

    /** The final test ELBO and the last line {@code test_neg_elbo=...}. */
    private record Footer(PrintStream out) implements TrainingListener<VaeRun> {
        @Override
        public void finished(VaeRun run) {
            Map<String, Double> fin = run.finalTest();
            out.printf(Locale.ROOT, "test: KL %.2f + reconstruction %.2f nats per image; run folder %s%n", fin.get("test_kl"),
                    fin.get("test_recon"), run.folder().dir());
            out.printf(Locale.ROOT, "test_neg_elbo=%.2f%n", fin.get("test_neg_elbo"));
        }
    }

    private static Dataset firstN(Dataset d, int n) {
        return n > 0 && n < d.size() ? d.slice(0, n) : d;
    }
}
