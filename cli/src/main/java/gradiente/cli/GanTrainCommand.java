package gradiente.cli;

import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.recipes.FixedNoiseGrids;
import gradiente.generative.recipes.GanSamples;
import gradiente.generative.recipes.GanScores;
import gradiente.generative.recipes.GanTraining;
import gradiente.generative.recipes.GeneratorSnapshots;
import gradiente.generative.recipes.UpdateWindows;
import gradiente.generative.training.MetricsJson;
import gradiente.mnist.Dataset;
import gradiente.mnist.Split;
import gradiente.nn.optim.Adam;
import gradiente.tensor.Backends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente train gan|cgan|dcgan|wgan|wgan-gp}: trains an adversarial pair on MNIST and writes
 * into the run folder ({@code --out}, default {@code runs/MODEL}):
 * <pre>
 *   samples/epoch_NNN.png        the same fixed noise through G after every epoch (cGAN: row d = digit d)
 *   samples.png                  the latest of them
 *   loss.png accuracy.png scores.png (wasserstein.png)   curves of loss_d, loss_g, D's accuracy on real and
 *                                generated images, mean D(x) and D(G(z)) (a WGAN's estimate and penalty)
 *   generator_epoch_NNN.safetensors   the generator every --save-every epochs (thesis 4.2)
 *   generator.safetensors        the final generator, self-describing (./gradiente sample --run DIR)
 *   generator_ema*.safetensors samples/ema_epoch_NNN.png   with --ema: the same for the weight average
 *   eval/epoch_NNN(_ema).json fid.png classes.png   with --eval-every: eval-gen's scores of G (and the average)
 *   samples.idx                  --samples generated images as IDX3 bytes (./gradiente eval-gen --run DIR);
 *                                a conditional model also writes samples-labels.idx, class i mod 10
 *   checkpoint.safetensors metrics.json metrics.csv   resumable state, results, one row per epoch
 *   updates.csv                  window means of the per-update measurements every --log-every updates
 *   samples/update_NNNNN.png     with --grid-every: the fixed-noise grid every N updates
 * </pre>
 *
 * <p>Batches follow thesis 4.2: {@code --batch B} is the number of images the discriminator sees per
 * update, {@code B/2} real (the first half of each shuffled mini-batch of {@code B}) and {@code B/2}
 * generated, so an epoch is {@code floor(60000 / B)} updates (234 for B = 256) and uses a fresh random
 * half of the training set ({@code --real-sampling replacement}: the real images drawn with replacement).
 *
 * <p>The command only turns options into a {@link GanTraining} recipe (the library's) and attaches one
 * listener per thing it prints or writes; the training itself is the recipe's.
 */
public abstract class GanTrainCommand implements TrainTarget, Callable<Integer> {
    @CommandLine.Mixin
    DataCommand.Where where = new DataCommand.Where();

    @CommandLine.Mixin
    RunSafety safety = new RunSafety();

    @Option(names = "--epochs", description = "number of epochs (default: the model's)")
    Integer epochs;

    @Option(names = "--batch", description = "images per discriminator update, half real and half generated (default: the model's)")
    Integer batch;

    @Option(names = "--lr", description = "Adam step size of both networks (default: the model's)")
    Double lr;

    @Option(names = "--beta1", description = "Adam's first decay rate (default: the model's)")
    Double beta1;

    @Option(names = "--beta2", description = "Adam's second decay rate (default: the model's)")
    Double beta2;

    @Option(names = "--latent", defaultValue = "100", description = "latent size d, z ~ N(0, I) (default ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--net", description = "mlp (seed 004: one hidden layer of 128 ReLU units) or dcgan (thesis 4.2) (default: the model's)")
    String net;

    @Option(names = "--hidden", defaultValue = "128", description = "hidden units of the MLP nets (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--output", defaultValue = "sigmoid", description = "DCGAN generator output: sigmoid (data in [0, 1]) or tanh (data in [-1, 1])")
    String output;

    @Option(names = "--batchnorm", description = "DCGAN variant: batch normalisation in G (not in D: D sees half-real batches in its update, all-generated ones in G's)")
    boolean batchNorm;

    @Option(names = "--upsample", description = "DCGAN variant: nearest upsampling + convolution instead of transposed convolutions")
    boolean upsample;

    @Option(names = "--n-critic", defaultValue = "5", description = "WGAN: critic updates per generator update (default ${DEFAULT-VALUE})")
    int nCritic;

    @Option(names = "--clip", defaultValue = "0.01", description = "WGAN: weight clipping bound c (default ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--lambda", defaultValue = "10", description = "WGAN-GP: weight of the gradient penalty (default ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--seed", defaultValue = "1", description = "seed of weights, shuffling, noise and dropout (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder (default runs/MODEL)")
    Path out;

    @Option(names = "--device", description = "cpu, cuda, cuda:N or auto (default: $GRADIENTE_DEVICE, else cpu)")
    String device;

    @Option(names = "--resume", description = "continue the run in --out from its checkpoint (same settings, more --epochs)")
    boolean resume;

    @Option(names = "--save-every", defaultValue = "5", description = "save the generator every N epochs, 0 never (default ${DEFAULT-VALUE})")
    int saveEvery;

    @Option(names = "--ema", paramLabel = "DECAY", defaultValue = "0", description = "also keep an exponential moving "
            + "average of G's weights with this decay, e.g. 0.999 (bias-corrected, horizon ~1/(1-DECAY) generator updates; "
            + "its batch-norm statistics re-estimated from fresh noise each epoch), saved and sampled beside G; "
            + "0 = off (default ${DEFAULT-VALUE})")
    double ema;

    @Option(names = "--pack", paramLabel = "M", defaultValue = "1", description = "PacGAN: D judges M images at a "
            + "time (M times the inputs of its first layer), a remedy for mode collapse; gan and dcgan only, M must "
            + "divide half the batch (default ${DEFAULT-VALUE}: one image per score)")
    int pack;

    @Option(names = "--g-filters", paramLabel = "F", defaultValue = "128", description = "channels of the DCGAN "
            + "generator's layers (thesis 4.2: ${DEFAULT-VALUE}); its cost grows with the square, 64 makes an update "
            + "about three times cheaper")
    int gFilters;

    @Option(names = "--d-filters", paramLabel = "F", defaultValue = "64", description = "channels of the DCGAN "
            + "discriminator's two convolutions (thesis 4.2: ${DEFAULT-VALUE})")
    int dFilters;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "0", description = "every N epochs score G (and the "
            + "--ema average) as eval-gen --generator does: FID, class histogram, mode-collapse alarm, in eval/ and "
            + "metrics.csv; 0 = never (default ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--eval-count", defaultValue = "10000", description = "images scored by --eval-every (default ${DEFAULT-VALUE})")
    int evalCount;

    @Option(names = "--train-size", defaultValue = "0", description = "use only the first N training images (0 = all)")
    int trainSize;

    @Option(names = "--grid", defaultValue = "10", description = "columns of the per-epoch sample grid: N x N images (cGAN: one row per class) (default ${DEFAULT-VALUE})")
    int gridColumns;

    @Option(names = "--bce", paramLabel = "logits|probs", description = "where the cross-entropy is computed: logits "
            + "(D without its final sigmoid, softplus(z) - t z, exact gradients: Keras 3 on a sigmoid output) or probs "
            + "(D's probabilities clamped to [1e-12, 1] in the logs: zero gradient below 1e-12) (default: logits for "
            + "the thesis' dcgan as given, the thesis' Keras semantics; probs for its variants, gan and cgan)")
    String bce;

    @Option(names = "--adam-epsilon", paramLabel = "keras|pytorch", description = "Adam's stabiliser: keras (1e-7 added "
            + "to the root of the uncorrected second moment, 'epsilon hat') or pytorch (1e-8 added to the corrected root) "
            + "(default: keras for the thesis' dcgan as given, pytorch for its variants, gan and cgan)")
    String adamEpsilon;

    @Option(names = "--real-sampling", paramLabel = "replacement|shuffle", description = "real images of each update: "
            + "replacement (B/2 drawn uniformly with replacement from the whole set, as the thesis' Keras listing) or "
            + "shuffle (the first half of each shuffled mini-batch of B) (default: replacement for the thesis' dcgan as "
            + "given, shuffle otherwise)")
    String realSampling;

    @Option(names = "--log-every", paramLabel = "N", defaultValue = "20", description = "append window means of the "
            + "per-update measurements every N updates to updates.csv (D(x), D(G(z)) also as the Keras reference "
            + "measures them, d_real_eval/d_fake_eval: D in inference mode after the step, every 5th update); 0 = off "
            + "(default ${DEFAULT-VALUE})")
    int logEvery;

    @Option(names = "--grid-every", paramLabel = "N", defaultValue = "0", description = "also write the fixed-noise "
            + "grid samples/update_NNNNN.png every N updates; 0 = never (default ${DEFAULT-VALUE})")
    int gridEvery;

    @Option(names = "--lockstep-record", paramLabel = "DIR", description = "record every input of every update (real "
            + "images, latent vectors, dropout masks) and, every --lockstep-every updates, the whole state and the next "
            + "update's gradients, so that bench/scripts/torch_lockstep.py can replay the run in PyTorch (about 2 MB per "
            + "update for the thesis DCGAN)")
    Path lockstepRecord;

    @Option(names = "--lockstep-every", paramLabel = "N", defaultValue = "10", description = "with --lockstep-record: "
            + "a state and gradients every N updates (default ${DEFAULT-VALUE})")
    int lockstepEvery;

    @Option(names = "--samples", defaultValue = "10000", description = "generated images written to samples.idx at the end (default ${DEFAULT-VALUE})")
    int samples;

    /** The model whose defaults the options override (the library's {@code GanModel}; the nested
     *  {@code GanModel} below is the {@code train gan} subcommand). */
    abstract gradiente.generative.recipes.GanModel model();

    @Override
    public Integer call() throws IOException {
        GanTraining recipe = recipe();
        SizeChecks.gan(recipe.net() == GanSpec.Net.DCGAN, latent, hidden, samples, gridColumns, evalEvery > 0 ? evalCount : 0);
        Dataset all = Dataset.load(where.files(false), Split.TRAIN, recipe.scaling());
        Dataset train = trainSize > 0 && trainSize < all.size() ? all.slice(0, trainSize) : all;
        recipe.fit(train);
        return 0;
    }

    /** The options as a recipe with its listeners: console lines, grids, snapshots, scores, samples, metrics.json. */
    GanTraining recipe() {
        GanTraining.Builder b = GanTraining.of(model()).latent(latent).hidden(hidden).tanh(parseOutput(output))
                .batchNorm(batchNorm).upsample(upsample).nCritic(nCritic).clip(clip).lambda(lambda).seed(seed)
                .ema(ema).pack(pack).generatorFilters(gFilters).discriminatorFilters(dFilters).resume(resume)
                .device(device == null ? Backends.defaultDevice() : Backends.resolve(device))
                .runFolder(out != null ? out : Path.of("runs", model().id()));
        gradiente.generative.recipes.GanModel m = model();
        b.epochs(epochs != null ? epochs : m.epochs()).batch(batch != null ? batch : m.batch()).lr(lr != null ? lr : m.lr())
                .betas(beta1 != null ? beta1 : m.beta1(), beta2 != null ? beta2 : m.beta2());
        if (net != null) {
            b.net(GanSpec.Net.parse(net));
        }
        if (bce != null) {
            b.bce(parseBce(bce));
        }
        if (adamEpsilon != null) {
            b.adamEpsilon(parseAdamEpsilon(adamEpsilon));
        }
        if (realSampling != null) {
            b.realSampling(parseRealSampling(realSampling));
        }
        if (logEvery < 0) {
            throw new IllegalArgumentException("--log-every must be >= 0 (0 = off), got " + logEvery);
        }
        if (logEvery > 0) {
            b.listener(new UpdateWindows(logEvery, System.out));
        }
        if (lockstepRecord != null) {
            b.listener(new gradiente.generative.recipes.LockstepRecorder(lockstepRecord, lockstepEvery));
        }
        safety.apply(b);
        return b.listener(new GanConsole(System.out)).listener(new FixedNoiseGrids(gridColumns, gridEvery))
                .listener(new GeneratorSnapshots(saveEvery)).listener(new GanScores(evalEvery, evalCount, System.out))
                .listener(new GanSamples(samples)).listener(new MetricsJson()).build();
    }

    private static Gan.Bce parseBce(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "logits" -> Gan.Bce.LOGITS;
            case "probs", "probabilities" -> Gan.Bce.PROBABILITIES;
            default -> throw new IllegalArgumentException("--bce: expected logits or probs, got '" + s + "'");
        };
    }

    private static Adam.Epsilon parseAdamEpsilon(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "keras" -> Adam.Epsilon.HAT;
            case "pytorch" -> Adam.Epsilon.CORRECTED;
            default -> throw new IllegalArgumentException("--adam-epsilon: expected keras or pytorch, got '" + s + "'");
        };
    }

    private static GanTraining.RealSampling parseRealSampling(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "replacement" -> GanTraining.RealSampling.REPLACEMENT;
            case "shuffle" -> GanTraining.RealSampling.SHUFFLE;
            default -> throw new IllegalArgumentException("--real-sampling: expected replacement or shuffle, got '" + s + "'");
        };
    }

    private static boolean parseOutput(String output) {
        return switch (output.toLowerCase(Locale.ROOT)) {
            case "sigmoid" -> false;
            case "tanh" -> true;
            default -> throw new IllegalArgumentException("--output: expected sigmoid or tanh, got '" + output + "'");
        };
    }

    // ------------------------------------------------------------------ the models

    /** {@code train gan}. */
    @Command(name = "gan", mixinStandardHelpOptions = true, description = {
            "Seed 004's GAN: MLP generator and discriminator (one hidden layer of 128 ReLU units, sigmoid outputs),",
            "thesis Algorithm 1 with the non-saturating generator loss; Adam lr 2e-4, beta1 0.5 (thesis 4.2), batch 256",
            "(128 real + 128 generated), latent 100, 30 epochs. (lr 1e-3 gives speckled samples after 30 epochs.)"})
    public static final class GanModel extends GanTrainCommand {
        @Override
        gradiente.generative.recipes.GanModel model() {
            return gradiente.generative.recipes.GanModel.GAN;
        }
    }

    /** {@code train cgan}. */
    @Command(name = "cgan", mixinStandardHelpOptions = true, description = {
            "Thesis 3.3's conditional GAN: a one-hot class vector joined to z and given to the discriminator",
            "(MLP nets by default, --net dcgan for the convolutional ones); otherwise as 'train gan' but with Adam lr 1e-3",
            "(the default step of the Keras implementation seed 004 follows): at 2e-4 the nets still ignore the class",
            "after 30 epochs. 100 epochs (93.6% of samples classified as the requested digit by the evaluation CNN, docs/results/cgan).",
            "Sample grids have one row per digit."})
    public static final class CganModel extends GanTrainCommand {
        @Override
        gradiente.generative.recipes.GanModel model() {
            return gradiente.generative.recipes.GanModel.CGAN;
        }
    }

    /** {@code train dcgan}. */
    @Command(name = "dcgan", mixinStandardHelpOptions = true, description = {
            "Thesis 4.2's DCGAN: G Dense 6272 + LeakyReLU(0.2), reshape 128x7x7, two ConvTranspose 128 k4 s2 + LeakyReLU,",
            "Conv 1 k7 same + sigmoid (1,164,289 parameters); D two Conv 64 k3 s2 + LeakyReLU(0.2) + Dropout(0.4), Dense 1 +",
            "sigmoid; Adam lr 2e-4 beta1 0.5, batch 256 (128 real + 128 generated), 234 batches per epoch, latent 100.",
            "Variants: --output tanh, --batchnorm, --latent N, --upsample. Default 20 epochs (the thesis shows 100).",
            "As given it trains with the thesis' tool's semantics by default (Keras 3: BCE on D's logits, Adam epsilon hat",
            "1e-7, real images drawn with replacement; --bce probs --adam-epsilon pytorch --real-sampling shuffle for",
            "PyTorch's, which the variants keep by default).",
            "As given, D pulls far ahead in the first 200 updates here (docs/results/README.md, issue 13);",
            "--batchnorm (thesis 4.2's first suggested improvement) trains."})
    public static final class DcganModel extends GanTrainCommand {
        @Override
        gradiente.generative.recipes.GanModel model() {
            return gradiente.generative.recipes.GanModel.DCGAN;
        }
    }

    /** {@code train wgan}. */
    @Command(name = "wgan", mixinStandardHelpOptions = true, description = {
            "Thesis 3.3's Wasserstein GAN: a critic with a linear output, critic loss mean C(G(z)) - mean C(x), generator",
            "loss -mean C(G(z)), weight clipping to [-0.01, 0.01], 5 critic updates per generator update (Arjovsky et al.).",
            "Arjovsky et al. use RMSprop lr 5e-5; here Adam with beta1 0 and beta2 0.99, which is RMSprop (decay 0.99)",
            "with bias correction, lr 5e-5. Batch 128 (64 real + 64 generated), MLP nets (--net dcgan: the DCGAN critic)."})
    public static final class WganModel extends GanTrainCommand {
        @Override
        gradiente.generative.recipes.GanModel model() {
            return gradiente.generative.recipes.GanModel.WGAN;
        }
    }

    /** {@code train wgan-gp}. */
    @Command(name = "wgan-gp", mixinStandardHelpOptions = true, description = {
            "WGAN-GP (the regularised critic loss of thesis 3.3, Gulrajani et al.): the Wasserstein losses plus 10 times",
            "the gradient penalty E (||grad C(x^)|| - 1)^2 on random interpolates x^ of real and generated images;",
            "5 critic updates per generator update, Adam lr 1e-4, betas (0, 0.9), batch 128 (64 real + 64 generated).",
            "MLP nets by default; --net dcgan uses the DCGAN discriminator as critic (linear output, no sigmoid)."})
    public static final class WganGpModel extends GanTrainCommand {
        @Override
        gradiente.generative.recipes.GanModel model() {
            return gradiente.generative.recipes.GanModel.WGAN_GP;
        }
    }
}
