package gradiente.cli;

import gradiente.autograd.Variable;
import gradiente.generative.gan.AdversarialPair;
import gradiente.generative.gan.Conditions;
import gradiente.generative.gan.DcganNets;
import gradiente.generative.gan.DiscriminatorNet;
import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.GeneratorNet;
import gradiente.generative.gan.Latent;
import gradiente.generative.gan.MlpNets;
import gradiente.generative.gan.Wgan;
import gradiente.generative.metrics.EvalClassifier;
import gradiente.generative.metrics.GenerativeEvaluation;
import gradiente.generative.metrics.ImageSource;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.LatentDecoder;
import gradiente.generative.sample.Samples;
import gradiente.generative.train.EpochLoop;
import gradiente.generative.train.JsonText;
import gradiente.generative.train.MetricHistory;
import gradiente.generative.train.RunFolder;
import gradiente.generative.train.TrainState;
import gradiente.tensor.io.AtomicFiles;
import gradiente.mnist.Dataset;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.batch.DataLoader;
import gradiente.mnist.idx.IdxWriter;
import gradiente.mnist.image.ImageGrid;
import gradiente.nn.Module;
import gradiente.nn.layers.BatchNorm;
import gradiente.nn.optim.Optimizer;
import gradiente.nn.optim.WeightAverage;
import gradiente.tensor.Backends;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
 * </pre>
 *
 * <p>Batches follow thesis 4.2: {@code --batch B} is the number of images the discriminator sees per
 * update, {@code B/2} real (the first half of each shuffled mini-batch of {@code B}) and {@code B/2}
 * generated, so an epoch is {@code floor(60000 / B)} updates (234 for B = 256) and uses a fresh random
 * half of the training set.
 */
public abstract class GanTrainCommand implements TrainTarget, Callable<Integer> {
    /** How the pair is trained. */
    enum Loss {
        /** Binary cross-entropy, Algorithm 1, non-saturating G loss ({@link Gan}). */
        BCE,
        /** Wasserstein with weight clipping ({@link Wgan.Lipschitz#CLIP}). */
        CLIP,
        /** Wasserstein with the gradient penalty ({@link Wgan.Lipschitz#PENALTY}). */
        PENALTY
    }

    /** A model's defaults. */
    record Defaults(String id, boolean conditional, Loss loss, GanSpec.Net net, int batch, int epochs, double lr,
                    double beta1, double beta2) {
    }

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

    @Option(names = "--samples", defaultValue = "10000", description = "generated images written to samples.idx at the end (default ${DEFAULT-VALUE})")
    int samples;

    /** The model's defaults. */
    abstract Defaults defaults();

    @Override
    public Integer call() throws IOException {
        Defaults d = defaults();
        int nEpochs = epochs != null ? epochs : d.epochs();
        int batchSize = batch != null ? batch : d.batch();
        if (batchSize < 2 || batchSize % 2 != 0) {
            throw new IllegalArgumentException("--batch must be even (half real, half generated), got " + batchSize);
        }
        double rate = lr != null ? lr : d.lr();
        double b1 = beta1 != null ? beta1 : d.beta1();
        double b2 = beta2 != null ? beta2 : d.beta2();
        GanSpec.Net family = net != null ? GanSpec.Net.parse(net) : d.net();
        boolean tanh = switch (output.toLowerCase(Locale.ROOT)) {
            case "sigmoid" -> false;
            case "tanh" -> true;
            default -> throw new IllegalArgumentException("--output: expected sigmoid or tanh, got '" + output + "'");
        };
        Device dev = device == null ? Backends.defaultDevice() : Backends.resolve(device);
        SizeChecks.gan(family == GanSpec.Net.DCGAN, latent, hidden, samples, gridColumns, evalEvery > 0 ? evalCount : 0);
        RunFolder folder = safety.open(out != null ? out : Path.of("runs", d.id()), resume);

        // Data first: the image size fixes the MLP's output width.
        Dataset probe = Dataset.load(where.files(false), Split.TRAIN, tanh ? Scaling.MINUS_ONE_ONE
                : Scaling.ZERO_ONE);
        Dataset train = trainSize > 0 && trainSize < probe.size() ? probe.slice(0, trainSize) : probe;
        int classes = d.conditional() ? train.numClasses() : 0;
        GanSpec spec = new GanSpec(d.id(), family, latent, classes, hidden, new DcganNets.Options(tanh, batchNorm, upsample),
                train.height(), train.width());
        if (train.size() < batchSize) {
            throw new IllegalArgumentException("--batch " + batchSize + " is larger than the " + train.size() + " training images");
        }

        Generator init = Generator.derive(seed, RandomStream.INIT);
        Generator masks = Generator.derive(seed, RandomStream.DROPOUT);
        Generator noise = Generator.derive(seed, RandomStream.LATENT_NOISE);
        GeneratorNet g = spec.generator(init);
        DiscriminatorNet disc = spec.discriminator(d.loss() == Loss.BCE, init, masks);
        g.to(dev);
        disc.to(dev);
        if (ema != 0 && !(ema > 0 && ema < 1)) {
            throw new IllegalArgumentException("--ema: the decay must be in (0, 1), or 0 for off, got " + ema);
        }
        GeneratorNet gAvg = null;
        WeightAverage average = null;
        if (ema > 0) {
            gAvg = spec.generator(Generator.derive(seed, RandomStream.INIT));
            gAvg.to(dev);
            gAvg.eval();
            average = new WeightAverage(g, gAvg, ema);
        }
        AdversarialPair pair = switch (d.loss()) {
            case BCE -> new Gan(g, disc, rate, b1, b2, noise);
            case CLIP -> new Wgan(g, disc, Wgan.Lipschitz.CLIP, clip, nCritic, rate, b1, b2, noise);
            case PENALTY -> new Wgan(g, disc, Wgan.Lipschitz.PENALTY, lambda, nCritic, rate, b1, b2, noise);
        };
        System.out.printf(Locale.ROOT, "%s (%s nets) on %s: %d training images, G %,d parameters, %s %,d parameters, "
                        + "latent %d, batch %d (%d real + %d generated), %d epochs, Adam lr %s betas (%s, %s)%s, seed %d, device %s%n",
                d.id(), family.id(), train.name(), train.size(), g.numParameters(), d.loss() == Loss.BCE ? "D" : "critic",
                disc.numParameters(), latent, batchSize, batchSize / 2, batchSize / 2, nEpochs, rate, b1, b2,
                lossNote(d.loss()), seed, dev);
        System.out.println(g);
        System.out.println(disc);

        Map<String, String> settings = new LinkedHashMap<>(spec.toInfo());
        settings.put("dataset", train.name());
        settings.put("train_images", Integer.toString(train.size()));
        settings.put("batch", Integer.toString(batchSize));
        settings.put("lr", Double.toString(rate));
        settings.put("beta1", Double.toString(b1));
        settings.put("beta2", Double.toString(b2));
        settings.put("seed", Long.toString(seed));
        settings.put("loss", d.loss().name());
        if (average != null) {
            settings.put("ema", Double.toString(ema));
        }
        if (d.loss() != Loss.BCE) {
            settings.put("n_critic", Integer.toString(nCritic));
            settings.put("strength", Double.toString(d.loss() == Loss.CLIP ? clip : lambda));
        }

        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        optimizers.put("generator", pair.generatorOptimizer());
        optimizers.put("discriminator", pair.discriminatorOptimizer());
        Map<String, Generator> rngs = new LinkedHashMap<>();
        rngs.put("noise", noise);
        rngs.put("dropout", masks);
        TrainState state = new TrainState(new Pair(g, disc, gAvg), optimizers, rngs);

        FixedNoise fixed = FixedNoise.of(spec, gridColumns, seed, dev);
        ImageGrid grid = ImageGrid.defaults().columns(gridColumns).range(spec.scaling().lo(), spec.scaling().hi()).scale(2);
        Files.createDirectories(folder.file("samples"));
        int half = batchSize / 2;
        if (resume && Files.exists(folder.checkpoint())) {
            String done = gradiente.nn.checkpoint.SafeTensors.read(folder.checkpoint()).metadata().get("info.epoch");
            long steps = (long) Integer.parseInt(done) * (train.size() / batchSize);
            if (pair instanceof Wgan w) {
                // The critic/generator alternation continues where the checkpointed epochs left it.
                w.steps(steps);
            }
            if (average != null) {
                // One average update per generator update: every step for a GAN, every n-critic-th for a WGAN.
                average.steps(d.loss() == Loss.BCE ? steps : steps / nCritic);
            }
        }
        WeightAverage avgRef = average;
        GeneratorNet gAvgRef = gAvg;
        gradiente.generative.train.RunningMeans[] epochMeans = new gradiente.generative.train.RunningMeans[1];
        MetricHistory history = EpochLoop.over(DataLoader.of(train, batchSize).shuffled(seed).dropLast(true).on(dev), state, folder)
                .epochs(nEpochs).settings(settings).guard(safety.guard("--lr " + rate))
                .step((b, means) -> {
                    epochMeans[0] = means;
                    Tensor real = b.images().narrow(0, 0, half);
                    int[] labels = Arrays.copyOf(b.labels(), half);
                    Map<String, Double> measured = pair.step(real, labels);
                    measured.forEach((k, v) -> {
                        // NaN marks what a step did not measure (a WGAN's loss_g between G updates); loss_d is
                        // measured on every step, so a NaN there is divergence and must reach the loop's guard.
                        if (Double.isFinite(v) || k.equals("loss_d")) {
                            means.add(k, v, half);
                        }
                    });
                    if (avgRef != null && Double.isFinite(measured.getOrDefault("loss_g", Double.NaN))) {
                        avgRef.update();
                    }
                })
                .after(epoch -> {
                    if (d.loss() == Loss.BCE && epochMeans[0] != null) {
                        String warning = discriminatorWins(epochMeans[0].means());
                        if (warning != null) {
                            System.out.println();
                            System.out.println("warning, epoch " + epoch + ": " + warning);
                        }
                    }
                    Tensor images = g.generate(fixed.z(), fixed.condition());
                    grid.write(images, folder.file(String.format(Locale.ROOT, "samples/epoch_%03d.png", epoch)));
                    grid.write(images, folder.file("samples.png"));
                    if (saveEvery > 0 && epoch % saveEvery == 0) {
                        Decoders.save(folder.file(String.format(Locale.ROOT, "generator_epoch_%03d.safetensors", epoch)), spec, g,
                                Map.of("epoch", Integer.toString(epoch)));
                    }
                    if (gAvgRef != null) {
                        recalibrate(spec, gAvgRef, epoch, batchSize, dev);
                        grid.write(gAvgRef.generate(fixed.z(), fixed.condition()),
                                folder.file(String.format(Locale.ROOT, "samples/ema_epoch_%03d.png", epoch)));
                        if (saveEvery > 0 && epoch % saveEvery == 0) {
                            Decoders.save(folder.file(String.format(Locale.ROOT, "generator_ema_epoch_%03d.safetensors", epoch)),
                                    spec, gAvgRef, emaInfo(epoch));
                        }
                    }
                    Map<String, Double> scores = new LinkedHashMap<>();
                    if (evalEvery > 0 && epoch % evalEvery == 0) {
                        scores.putAll(score(folder, spec, g, "", epoch, dev));
                        if (gAvgRef != null) {
                            scores.putAll(score(folder, spec, gAvgRef, "_ema", epoch, dev));
                        }
                    }
                    return scores;
                })
                .build().run(resume);

        Decoders.save(folder.file(Decoders.FINAL), spec, g, Map.of("epoch", Integer.toString(history.size())));
        if (gAvg != null) {
            Decoders.save(folder.file(EMA_FINAL), spec, gAvg, emaInfo(history.size()));
        }
        writeSamples(folder, spec, g, dev);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", d.id());
        summary.put("net", family.id());
        settings.forEach((k, v) -> {
            if (!k.startsWith("spec.")) {
                summary.put(k, v);
            }
        });
        summary.put("latent", latent);
        summary.put("classes", classes);
        summary.put("output", tanh ? "tanh" : "sigmoid");
        summary.put("batchnorm", batchNorm);
        summary.put("upsample", upsample);
        summary.put("ema", ema);
        summary.put("generator_parameters", g.numParameters());
        summary.put("discriminator_parameters", disc.numParameters());
        summary.put("epochs", history.size());
        summary.put("batches_per_epoch", train.size() / batchSize);
        summary.put("device", dev.toString());
        for (String metric : history.toLog().metrics()) {
            summary.put(metric, history.values(metric));
        }
        summary.put("samples_file", Samples.IDX);
        summary.put("samples", samples);
        folder.writeMetricsJson(summary);
        if (history.size() > 0) {
            Map<String, Double> last = history.epoch(history.size());
            StringBuilder line = new StringBuilder("final epoch " + history.size() + ":");
            last.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s=%.4f", k, v)));
            System.out.println(line);
        }
        System.out.println("run folder " + folder.dir() + "; generator " + folder.file(Decoders.FINAL) + "; samples "
                + folder.file(Samples.IDX));
        return 0;
    }

    /**
     * Thesis 4.2's warning sign, or null: "a failure in the discriminator's loss means the generator
     * has started to produce garbage that the discriminator detects easily". Raised when over an epoch
     * D's loss is under 0.1 and it classifies at least 99% of the generated images as generated.
     */
    static String discriminatorWins(Map<String, Double> means) {
        Double lossD = means.get("loss_d");
        Double accFake = means.get("acc_fake");
        if (lossD == null || accFake == null || !(lossD < 0.1 && accFake >= 0.99)) {
            return null;
        }
        return String.format(Locale.ROOT, "the discriminator wins (mean loss_d %.3f, accuracy on generated images %.3f): "
                + "thesis 4.2 reads this as the generator producing garbage D detects easily; the thesis suggests "
                + "stopping and restarting, and for the DCGAN the --batchnorm variant trains where the plain one "
                + "collapses (docs/results/README.md)", lossD, accFake);
    }

    /** File name of the final weight-averaged generator ({@code --ema}). */
    static final String EMA_FINAL = "generator_ema.safetensors";

    private EvalClassifier evalClassifier;

    /**
     * {@code --eval-every}: {@code --eval-count} images of {@code net} scored by the bundled evaluation
     * classifier, from the latent vectors {@code eval-gen --generator} draws by default (seed 1), so the
     * figures are the ones eval-gen gives for the generator saved at this epoch. Writes
     * {@code eval/epoch_NNN{suffix}.json}, prints the histogram and returns the row's metrics.
     */
    private Map<String, Double> score(RunFolder folder, GanSpec spec, GeneratorNet net, String suffix, int epoch, Device dev)
            throws IOException {
        if (evalCount < 2) {
            throw new IllegalArgumentException("--eval-count must be >= 2 (10,000 is the convention), got " + evalCount);
        }
        if (evalClassifier == null) {
            evalClassifier = EvalClassifier.bundled().to(dev);
        }
        LatentDecoder dec = Decoders.of(spec, net, dev);
        GenerativeEvaluation ev = GenerativeEvaluation.of(evalClassifier, ImageSource.of(dec, new Generator(1), 500),
                evalCount, 500, evalClassifier.realStats(), ImageSource.requestedClasses(dec, evalCount));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", (suffix.isEmpty() ? "generator" : "weight average (--ema " + ema + ")") + " after epoch " + epoch
                + " (seed 1)");
        json.put("classifier_sha256", evalClassifier.sha256());
        json.put("real_images", evalClassifier.realStats().description());
        json.putAll(ev.toMap());
        Files.createDirectories(folder.file("eval"));
        AtomicFiles.writeString(folder.file(String.format(Locale.ROOT, "eval/epoch_%03d%s.json", epoch, suffix)), JsonText.of(json));
        System.out.println();
        System.out.printf(Locale.ROOT, "eval-gen after epoch %d, %s:%n", epoch, suffix.isEmpty() ? "G" : "weight average of G");
        System.out.print(ev.report());
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("fid" + suffix, ev.fid());
        double lo = 1;
        double hi = 0;
        for (int c = 0; c < ev.histogram().counts().length; c++) {
            lo = Math.min(lo, ev.histogram().fraction(c));
            hi = Math.max(hi, ev.histogram().fraction(c));
        }
        m.put("class_min_pct" + suffix, 100 * lo);
        m.put("class_max_pct" + suffix, 100 * hi);
        if (!Double.isNaN(ev.agreement())) {
            m.put("acc_requested" + suffix, ev.agreement());
        }
        return m;
    }

    /** Batches of fresh noise that re-estimate the weight average's batch-norm statistics. */
    static final int RECALIBRATION_BATCHES = 20;

    /**
     * Gives the weight average batch-norm statistics of its own (see {@link BatchNorm#recomputeStatistics}):
     * {@value #RECALIBRATION_BATCHES} batches of {@code batch} latent vectors (a conditional model's classes
     * in turn), from a seed fixed by the run's seed and the epoch so that a resumed run draws the same.
     */
    private void recalibrate(GanSpec spec, GeneratorNet avg, int epoch, int batch, Device dev) {
        Generator gen = Generator.derive(seed, RandomStream.RECALIBRATION, epoch);
        BatchNorm.recomputeStatistics(avg, RECALIBRATION_BATCHES, i -> {
            Tensor z = Latent.sample(gen, batch, spec.latent(), DType.FLOAT32, dev);
            Tensor c = null;
            if (spec.classes() > 0) {
                int[] l = new int[batch];
                for (int k = 0; k < batch; k++) {
                    l[k] = (i * batch + k) % spec.classes();
                }
                c = Conditions.oneHot(l, spec.classes(), z);
            }
            avg.forward(new Variable(z), c);
        });
    }

    private Map<String, String> emaInfo(int epoch) {
        return Map.of("epoch", Integer.toString(epoch), "ema", Double.toString(ema));
    }

    private static String lossNote(Loss loss) {
        return switch (loss) {
            case BCE -> "";
            case CLIP -> ", Wasserstein loss with weight clipping";
            case PENALTY -> ", Wasserstein loss with gradient penalty";
        };
    }

    /** The {@code --samples} images of the final generator; a conditional model's classes are {@code i mod classes}. */
    private void writeSamples(RunFolder folder, GanSpec spec, GeneratorNet g, Device dev) throws IOException {
        if (samples <= 0) {
            return;
        }
        Generator gen = Generator.derive(seed, RandomStream.FINAL_SAMPLES);
        int[] labels = new int[samples];
        Tensor[] parts = new Tensor[(samples + 499) / 500];
        for (int start = 0, p = 0; start < samples; start += 500, p++) {
            int n = Math.min(500, samples - start);
            Tensor z = Latent.sample(gen, n, spec.latent(), DType.FLOAT32, dev);
            Tensor c = null;
            if (spec.classes() > 0) {
                int[] l = new int[n];
                for (int i = 0; i < n; i++) {
                    l[i] = (start + i) % spec.classes();
                    labels[start + i] = l[i];
                }
                c = Conditions.oneHot(l, spec.classes(), z);
            }
            parts[p] = g.generate(z, c).to(Device.CPU);
        }
        Samples.writeIdx(folder.file(Samples.IDX), Tensor.concat(0, parts), spec.scaling());
        if (spec.classes() > 0) {
            IdxWriter.writeLabels(folder.file(Samples.LABELS_IDX), labels, false);
        }
    }

    /** The two networks (and G's weight average, if any) as one module, so that one checkpoint holds them. */
    static final class Pair extends Module {
        Pair(GeneratorNet g, DiscriminatorNet d, GeneratorNet average) {
            addModule("generator", g);
            addModule("discriminator", d);
            if (average != null) {
                addModule("generator_ema", average);
            }
        }
    }

    /**
     * The noise behind the per-epoch grids: {@code cols x cols} latent vectors drawn once from the seed; a
     * conditional model gets {@code cols} vectors, the same in every row, and row {@code k} is class {@code k}.
     */
    record FixedNoise(Tensor z, Tensor condition) {
        static FixedNoise of(GanSpec spec, int cols, long seed, Device dev) {
            if (cols < 1) {
                throw new IllegalArgumentException("--grid must be >= 1, got " + cols);
            }
            Generator gen = Generator.derive(seed, RandomStream.FIXED_NOISE);
            if (spec.classes() == 0) {
                return new FixedNoise(Latent.sample(gen, cols * cols, spec.latent(), DType.FLOAT32, dev), null);
            }
            int k = spec.classes();
            Tensor base = Latent.sample(gen, cols, spec.latent(), DType.FLOAT32, dev);
            Tensor z = base.reshape(1, cols, spec.latent()).expand(k, cols, spec.latent()).contiguous()
                    .reshape(k * cols, spec.latent());
            int[] labels = new int[k * cols];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i / cols;
            }
            return new FixedNoise(z, Conditions.oneHot(labels, k, z));
        }
    }

    // ------------------------------------------------------------------ the models

    /** {@code train gan}. */
    @Command(name = "gan", mixinStandardHelpOptions = true, description = {
            "Seed 004's GAN: MLP generator and discriminator (one hidden layer of 128 ReLU units, sigmoid outputs),",
            "thesis Algorithm 1 with the non-saturating generator loss; Adam lr 2e-4, beta1 0.5 (thesis 4.2), batch 256",
            "(128 real + 128 generated), latent 100, 30 epochs. (lr 1e-3 gives speckled samples after 30 epochs.)"})
    public static final class GanModel extends GanTrainCommand {
        @Override
        Defaults defaults() {
            return new Defaults("gan", false, Loss.BCE, GanSpec.Net.MLP, 256, 30, 2e-4, 0.5, 0.999);
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
        Defaults defaults() {
            return new Defaults("cgan", true, Loss.BCE, GanSpec.Net.MLP, 256, 100, 1e-3, 0.5, 0.999);
        }
    }

    /** {@code train dcgan}. */
    @Command(name = "dcgan", mixinStandardHelpOptions = true, description = {
            "Thesis 4.2's DCGAN: G Dense 6272 + LeakyReLU(0.2), reshape 128x7x7, two ConvTranspose 128 k4 s2 + LeakyReLU,",
            "Conv 1 k7 same + sigmoid (1,164,289 parameters); D two Conv 64 k3 s2 + LeakyReLU(0.2) + Dropout(0.4), Dense 1 +",
            "sigmoid; Adam lr 2e-4 beta1 0.5, batch 256 (128 real + 128 generated), 234 batches per epoch, latent 100.",
            "Variants: --output tanh, --batchnorm, --latent N, --upsample. Default 20 epochs (the thesis shows 100).",
            "As given, the architecture collapses here within two epochs (D wins, samples turn to stripes); a PyTorch",
            "replica (bench/scripts/torch_dcgan.py) gives the same dotted, edge-lit samples in its first 100 updates.",
            "--batchnorm (thesis 4.2's first suggested improvement) trains: docs/results/README.md."})
    public static final class DcganModel extends GanTrainCommand {
        @Override
        Defaults defaults() {
            return new Defaults("dcgan", false, Loss.BCE, GanSpec.Net.DCGAN, 256, 20, 2e-4, 0.5, 0.999);
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
        Defaults defaults() {
            return new Defaults("wgan", false, Loss.CLIP, GanSpec.Net.MLP, 128, 30, 5e-5, 0.0, 0.99);
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
        Defaults defaults() {
            return new Defaults("wgan-gp", false, Loss.PENALTY, GanSpec.Net.MLP, 128, 30, 1e-4, 0.0, 0.9);
        }
    }
}
