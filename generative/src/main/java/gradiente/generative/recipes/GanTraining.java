package gradiente.generative.recipes;

import gradiente.autograd.Variable;
import gradiente.generative.gan.AdversarialPair;
import gradiente.generative.gan.Conditions;
import gradiente.generative.gan.DcganNets;
import gradiente.generative.gan.DiscriminatorNet;
import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.GeneratorNet;
import gradiente.generative.gan.KerasSemantics;
import gradiente.generative.gan.Latent;
import gradiente.generative.gan.Wgan;
import gradiente.generative.sample.Decoders;
import gradiente.generative.training.EpochLoop;
import gradiente.generative.training.MetricHistory;
import gradiente.generative.training.Recipe;
import gradiente.generative.training.RecipeBuilder;
import gradiente.generative.training.RunFolder;
import gradiente.generative.training.RunFolderLock;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.Dataset;
import gradiente.mnist.Scaling;
import gradiente.mnist.batch.Batch;
import gradiente.mnist.batch.DataLoader;
import gradiente.mnist.batch.ReplacementSampler;
import gradiente.nn.Module;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.nn.layers.BatchNorm;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.Optimizer;
import gradiente.nn.optim.WeightAverage;
import gradiente.nn.train.RunningMeans;
import gradiente.nn.train.TrainState;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.RandomStream;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains one of the seeds' adversarial pairs ({@link GanModel}) on a data set, the way the command line's
 * {@code train gan|cgan|dcgan|wgan|wgan-gp} does:
 * <pre>
 *   GanRun run = GanTraining.of(GanModel.DCGAN).batchNorm(true).epochs(12).runFolder(Path.of("runs/dcgan"))
 *           .listener(new FixedNoiseGrids(10)).build().fit(train);
 * </pre>
 * Every update follows thesis 4.2: {@code batch} is what D sees, {@code batch/2} real images (the first half
 * of each shuffled mini-batch of {@code batch}) and {@code batch/2} generated ones, so an epoch is
 * {@code floor(N / batch)} updates; with {@link RealSampling#REPLACEMENT} the {@code batch/2} real images are
 * instead drawn uniformly with replacement from the whole set (the thesis' Keras listing), the epoch still
 * {@code floor(N / batch)} updates. {@link GanModel#objective()} chooses Algorithm 1 with the non-saturating
 * G loss ({@link Gan}) or the Wasserstein losses with weight clipping or the gradient penalty ({@link Wgan},
 * {@code nCritic} critic updates per G update).
 *
 * <p>Three settings choose between the thesis' tool's semantics (Keras 3) and PyTorch's
 * ({@link KerasSemantics}): {@link Builder#bce}, {@link Builder#adamEpsilon}, {@link Builder#realSampling}.
 * Unset, they are Keras' for the thesis' DCGAN as given ({@link GanModel#keras()}, sigmoid output, no
 * batch norm, no upsampling) and PyTorch's for everything else.
 *
 * <p>The recipe itself writes {@code checkpoint.safetensors} (resumable: networks, both optimisers, the noise
 * and dropout generators, the epoch and the history), {@code metrics.csv} and the curves after every epoch,
 * and {@code generator.safetensors} at the end. With {@code ema > 0} it also keeps the bias-corrected moving
 * average of G's weights ({@link WeightAverage}, one update per G update, its step count restored on resume),
 * re-estimates the average's batch-norm statistics from fresh noise after every epoch and saves it as
 * {@code generator_ema.safetensors}. Everything else is a {@link TrainingListener}: fixed-noise grids
 * ({@link FixedNoiseGrids}), snapshots ({@link GeneratorSnapshots}), in-training scores ({@link GanScores}),
 * final samples ({@link GanSamples}), {@code metrics.json} ({@code MetricsJson}), window means of the
 * per-update measurements ({@link UpdateWindows}); listeners are told of every update
 * ({@link TrainingListener#updateEnded}) with the step's measurements.
 *
 * <p>Deterministic: the weights come from {@code seed}, D's dropout masks, the noise, the real draws and the data order from
 * streams derived from it, so the same settings give the same bits, and resuming gives the bits of an
 * uninterrupted run.
 */
public final class GanTraining extends Recipe<GanTraining.Builder> {
    /** Batches of fresh noise that re-estimate the weight average's batch-norm statistics. */
    public static final int RECALIBRATION_BATCHES = 20;
    /** File name of the final weight-averaged generator. */
    public static final String EMA_FINAL = "generator_ema.safetensors";

    /** Where each update's {@code batch/2} real images come from. */
    public enum RealSampling {
        /** Drawn uniformly with replacement from the whole set ({@link RandomStream#REAL_DRAWS}), as the Keras listing. */
        REPLACEMENT,
        /** The first half of each shuffled mini-batch of {@code batch} (every image at most once per epoch). */
        SHUFFLE
    }

    private GanTraining(Builder b) {
        super(b);
    }

    /** A recipe with {@code model}'s defaults. */
    public static Builder of(GanModel model) {
        return new Builder(model);
    }

    /** Settings of a recipe; unset ones are the model's defaults (or those documented per setting). */
    public static final class Builder extends RecipeBuilder<Builder, GanRun> {
        private final GanModel model;
        private double beta1;
        private double beta2;
        private GanSpec.Net net;
        private int latent = 100;
        private int hidden = 128;
        private boolean tanh;
        private boolean batchNorm;
        private boolean upsample;
        private int nCritic = 5;
        private double clip = 0.01;
        private double lambda = 10;
        private double ema;
        private int pack = 1;
        private int generatorFilters = DcganNets.GENERATOR_FILTERS;
        private int discriminatorFilters = DcganNets.DISCRIMINATOR_FILTERS;
        private Gan.Bce bce;
        private Adam.Epsilon adamEpsilon;
        private RealSampling realSampling;

        private Builder(GanModel model) {
            this.model = model;
            epochs(model.epochs());
            batch(model.batch());
            lr(model.lr());
            this.beta1 = model.beta1();
            this.beta2 = model.beta2();
            this.net = model.net();
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Adam's decay rates; default the model's. */
        public Builder betas(double b1, double b2) {
            this.beta1 = b1;
            this.beta2 = b2;
            return this;
        }

        /** The network family (seed 004's MLPs or thesis 4.2's DCGAN); default the model's. */
        public Builder net(GanSpec.Net n) {
            this.net = n;
            return this;
        }

        /** Latent size {@code d} of {@code z ~ N(0, I)}; default 100. */
        public Builder latent(int d) {
            this.latent = d;
            return this;
        }

        /** Hidden units of the MLP nets; default 128. */
        public Builder hidden(int n) {
            this.hidden = n;
            return this;
        }

        /** DCGAN: a tanh output (data in [-1, 1]) instead of the sigmoid (data in [0, 1]); default false. */
        public Builder tanh(boolean on) {
            this.tanh = on;
            return this;
        }

        /** DCGAN: batch normalisation in G (thesis 4.2's first suggested improvement); default false. */
        public Builder batchNorm(boolean on) {
            this.batchNorm = on;
            return this;
        }

        /** DCGAN: nearest upsampling and a convolution instead of transposed convolutions; default false. */
        public Builder upsample(boolean on) {
            this.upsample = on;
            return this;
        }

        /** WGAN: critic updates per generator update; default 5. */
        public Builder nCritic(int n) {
            this.nCritic = n;
            return this;
        }

        /** WGAN: the weight clipping bound {@code c}; default 0.01. */
        public Builder clip(double c) {
            this.clip = c;
            return this;
        }

        /** WGAN-GP: the weight of the gradient penalty; default 10. */
        public Builder lambda(double l) {
            this.lambda = l;
            return this;
        }

        /**
         * Images D judges together (PacGAN, {@link gradiente.generative.gan.DiscriminatorNet}): a remedy for mode
         * collapse; 1 (the default) for one score per image. Unconditional cross-entropy models only (gan,
         * dcgan); it must divide half the batch, so that no pack mixes real and generated images.
         */
        public Builder pack(int m) {
            this.pack = m;
            return this;
        }

        /**
         * Channels of the DCGAN generator's layers (thesis 4.2: 128, the default). Its cost per image grows with
         * the square: 64 filters make an update about three times cheaper.
         */
        public Builder generatorFilters(int f) {
            this.generatorFilters = f;
            return this;
        }

        /** Channels of the DCGAN discriminator's two convolutions (thesis 4.2: 64, the default). */
        public Builder discriminatorFilters(int f) {
            this.discriminatorFilters = f;
            return this;
        }

        /** Decay of the moving average of G's weights, in (0, 1) (e.g. 0.999), or 0 for none; default 0. */
        public Builder ema(double decay) {
            this.ema = decay;
            return this;
        }

        /**
         * Where Algorithm 1's cross-entropy is computed: {@link Gan.Bce#LOGITS} (D without its final sigmoid, as
         * Keras) or {@link Gan.Bce#PROBABILITIES} (clamped, PyTorch's {@code BCELoss}); default: see the class.
         * Cross-entropy models only.
         */
        public Builder bce(Gan.Bce b) {
            this.bce = java.util.Objects.requireNonNull(b, "GanTraining: bce");
            return this;
        }

        /**
         * Where Adam's stabiliser goes: {@link Adam.Epsilon#HAT} (Keras, 1e-7 on the uncorrected root) or
         * {@link Adam.Epsilon#CORRECTED} (PyTorch, 1e-8 on the corrected root); default: see the class.
         * Cross-entropy models only.
         */
        public Builder adamEpsilon(Adam.Epsilon e) {
            this.adamEpsilon = java.util.Objects.requireNonNull(e, "GanTraining: adamEpsilon");
            return this;
        }

        /** Where each update's real images come from; default: see the class. */
        public Builder realSampling(RealSampling r) {
            this.realSampling = java.util.Objects.requireNonNull(r, "GanTraining: realSampling");
            return this;
        }

        /** All three of {@link #bce}, {@link #adamEpsilon} and {@link #realSampling} at once. */
        public Builder semantics(KerasSemantics sem) {
            return bce(sem.bce()).adamEpsilon(sem.adam())
                    .realSampling(sem.replacement() ? RealSampling.REPLACEMENT : RealSampling.SHUFFLE);
        }

        /** Checks the settings. */
        public GanTraining build() {
            String me = "GanTraining";
            if (batch() < 2 || batch() % 2 != 0) {
                throw new SettingException(me, "batch", "must be even (half real, half generated), got " + batch());
            }
            if (ema != 0 && !(ema > 0 && ema < 1)) {
                throw new SettingException(me, "ema", "must be in (0, 1), or 0 for off, got " + ema);
            }
            atLeast(me, "nCritic", nCritic, 1);
            atLeast(me, "pack", pack, 1);
            atLeast(me, "generatorFilters", generatorFilters, 1);
            atLeast(me, "discriminatorFilters", discriminatorFilters, 1);
            if (net != GanSpec.Net.DCGAN && (generatorFilters != DcganNets.GENERATOR_FILTERS
                    || discriminatorFilters != DcganNets.DISCRIMINATOR_FILTERS)) {
                throw new SettingException(me, "filters", "set the widths of the DCGAN nets; the MLP nets take --hidden");
            }
            if (pack > 1 && (model.objective() != GanModel.Objective.BCE || model.conditional())) {
                throw new SettingException(me, "pack", "applies to the unconditional cross-entropy GANs (gan, dcgan), "
                        + "not to " + model.id() + ", got " + pack);
            }
            if ((batch() / 2) % pack != 0) {
                throw new SettingException(me, "pack", pack + " must divide half the batch (" + batch() / 2
                        + " real and as many generated images), so that no pack mixes the two");
            }
            complete(me);
            GanTraining recipe = new GanTraining(this);
            KerasSemantics sem = recipe.semantics();
            if (model.objective() != GanModel.Objective.BCE) {
                if (sem.bce() != Gan.Bce.PROBABILITIES) {
                    throw new SettingException(me, "bce", "applies to the cross-entropy GANs (gan, cgan, dcgan), not to "
                            + model.id() + ", got " + sem.bce());
                }
                if (sem.adam() != Adam.Epsilon.CORRECTED) {
                    throw new SettingException(me, "adamEpsilon", "applies to the cross-entropy GANs (gan, cgan, dcgan), "
                            + "not to " + model.id() + ", got " + sem.adam());
                }
            }
            return recipe;
        }
    }

    public GanModel model() {
        return b.model;
    }

    public double beta1() {
        return b.beta1;
    }

    public double beta2() {
        return b.beta2;
    }

    public GanSpec.Net net() {
        return b.net;
    }

    public int latent() {
        return b.latent;
    }

    public double ema() {
        return b.ema;
    }

    /**
     * Whether this is the thesis' DCGAN as given, whose semantics default to Keras' when the model says so
     * ({@link GanModel#keras()}): the DCGAN nets, sigmoid output, no batch norm, no upsampling.
     */
    public boolean thesisArchitecture() {
        return b.net == GanSpec.Net.DCGAN && !b.tanh && !b.batchNorm && !b.upsample
                && b.generatorFilters == DcganNets.GENERATOR_FILTERS && b.discriminatorFilters == DcganNets.DISCRIMINATOR_FILTERS;
    }

    /** The semantics this run trains with: the settings given, the unset ones from the default (see the class). */
    public KerasSemantics semantics() {
        KerasSemantics base = b.model.keras() && thesisArchitecture() ? KerasSemantics.KERAS : KerasSemantics.PYTORCH;
        return new KerasSemantics(b.bce != null ? b.bce : base.bce(), b.adamEpsilon != null ? b.adamEpsilon : base.adam(),
                b.realSampling != null ? b.realSampling == RealSampling.REPLACEMENT : base.replacement());
    }

    /** The pixel range the data must be loaded with: [-1, 1] for a tanh output, else [0, 1]. */
    public Scaling scaling() {
        return b.tanh ? Scaling.MINUS_ONE_ONE : Scaling.ZERO_ONE;
    }

    /** The run folder: the one given, else {@code runs/MODEL}. */
    public Path runFolder() {
        return b.runFolder(b.model.id());
    }

    /**
     * Trains on {@code train} (images scaled to {@link #scaling()}; a conditional model uses its labels) for
     * the configured epochs, from scratch or, with {@code resume}, from the run folder's checkpoint.
     */
    public GanRun fit(Dataset train) throws IOException {
        RunFolder folder = b.openRunFolder(b.model.id());
        int classes = b.model.conditional() ? train.numClasses() : 0;
        GanSpec spec = new GanSpec(b.model.id(), b.net, b.latent, classes, b.hidden,
                new DcganNets.Options(b.tanh, b.batchNorm, b.upsample), train.height(), train.width(), b.pack,
                b.generatorFilters, b.discriminatorFilters);
        if (train.size() < b.batch()) {
            throw new SettingException("GanTraining", "batch", b.batch() + " is larger than the " + train.size()
                    + " training images");
        }
        GanModel.Objective objective = b.model.objective();
        Device dev = b.device();
        long seed = b.seed();

        Generator init = Generator.derive(seed, RandomStream.INIT);
        Generator masks = Generator.derive(seed, RandomStream.DROPOUT);
        Generator noise = Generator.derive(seed, RandomStream.LATENT_NOISE);
        KerasSemantics sem = semantics();
        GeneratorNet g = spec.generator(init);
        // With the BCE on logits D ends before its sigmoid (Keras keeps the sigmoid's input for the loss).
        DiscriminatorNet disc = spec.discriminator(objective == GanModel.Objective.BCE && sem.bce() == Gan.Bce.PROBABILITIES,
                init, masks);
        g.to(dev);
        disc.to(dev);
        GeneratorNet gAvg = null;
        WeightAverage average = null;
        if (b.ema > 0) {
            gAvg = spec.generator(Generator.derive(seed, RandomStream.INIT));
            gAvg.to(dev);
            gAvg.eval();
            average = new WeightAverage(g, gAvg, b.ema);
        }
        AdversarialPair pair = switch (objective) {
            case BCE -> new Gan(g, disc, sem.bce(), sem.optimizer(g, b.lr(), b.beta1, b.beta2),
                    sem.optimizer(disc, b.lr(), b.beta1, b.beta2), noise);
            case CLIP -> new Wgan(g, disc, Wgan.Lipschitz.CLIP, b.clip, b.nCritic, b.lr(), b.beta1, b.beta2, noise);
            case PENALTY -> new Wgan(g, disc, Wgan.Lipschitz.PENALTY, b.lambda, b.nCritic, b.lr(), b.beta1, b.beta2, noise);
        };
        GanRun run = new GanRun(this, spec, g, disc, pair, gAvg, folder, train.name(), train.size(), settings(spec, train, sem));
        b.listeners().started(run);

        Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        optimizers.put("generator", pair.generatorOptimizer());
        optimizers.put("discriminator", pair.discriminatorOptimizer());
        Map<String, Generator> rngs = new LinkedHashMap<>();
        rngs.put("noise", noise);
        rngs.put("dropout", masks);
        ReplacementSampler draws = null;
        if (sem.replacement()) {
            Generator realDraws = Generator.derive(seed, RandomStream.REAL_DRAWS);
            rngs.put("real", realDraws);
            draws = new ReplacementSampler(train, realDraws, dev);
        }
        TrainState state = new TrainState(new Pair(g, disc, gAvg), optimizers, rngs);

        int half = b.batch() / 2;
        long doneSteps = 0;
        if (b.resume() && Files.exists(folder.checkpoint())) {
            String done = SafeTensors.read(folder.checkpoint()).metadata().get("info.epoch");
            long steps = (long) Integer.parseInt(done) * (train.size() / b.batch());
            doneSteps = steps;
            if (pair instanceof Wgan w) {
                // The critic/generator alternation continues where the checkpointed epochs left it.
                w.steps(steps);
            }
            if (average != null) {
                // One average update per generator update: every step for a GAN, every n-critic-th for a WGAN.
                average.steps(objective == GanModel.Objective.BCE ? steps : steps / b.nCritic);
            }
        }
        WeightAverage avgRef = average;
        GeneratorNet gAvgRef = gAvg;
        RunningMeans[] epochMeans = new RunningMeans[1];
        ReplacementSampler sampler = draws;
        long[] updates = {doneSteps};
        MetricHistory history = EpochLoop.over(DataLoader.of(train, b.batch()).shuffled(seed).dropLast(true).on(dev), state,
                        folder)
                .epochs(b.epochs()).settings(run.settings()).progress(b.progress()).log(b.log()).guard(b.guard())
                .step((batch, means) -> {
                    epochMeans[0] = means;
                    Batch drawn = sampler != null ? sampler.next(half) : null;
                    Tensor real = drawn != null ? drawn.images() : batch.images().narrow(0, 0, half);
                    int[] labels = drawn != null ? drawn.labels() : Arrays.copyOf(batch.labels(), half);
                    Map<String, Double> measured = pair.step(real, labels);
                    try {
                        b.listeners().updateEnded(run, ++updates[0], measured);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
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
                    if (gAvgRef != null) {
                        recalibrate(spec, gAvgRef, epoch);
                    }
                    return b.listeners().epochEnded(run, epoch, epochMeans[0] == null ? Map.of() : epochMeans[0].means(),
                            Map.of());
                })
                .build().run(b.resume());

        Decoders.save(folder.file(Decoders.FINAL), spec, g, Map.of("epoch", Integer.toString(history.size())));
        if (gAvg != null) {
            Decoders.save(folder.file(EMA_FINAL), spec, gAvg, emaInfo(history.size()));
        }
        run.finish(history);
        summarise(run);
        b.listeners().finished(run);
        RunFolderLock.release(folder.dir());
        return run;
    }

    /** Metadata of a saved weight average: the epoch and the decay (in that order, so files are byte-stable). */
    Map<String, String> emaInfo(int epoch) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("epoch", Integer.toString(epoch));
        info.put("ema", Double.toString(b.ema));
        return info;
    }

    /** The settings a resumed run must repeat, saved with every checkpoint. */
    private Map<String, String> settings(GanSpec spec, Dataset train, KerasSemantics sem) {
        Map<String, String> s = new LinkedHashMap<>(spec.toInfo());
        s.put("dataset", train.name());
        s.put("train_images", Integer.toString(train.size()));
        s.put("batch", Integer.toString(b.batch()));
        s.put("lr", Double.toString(b.lr()));
        s.put("beta1", Double.toString(b.beta1));
        s.put("beta2", Double.toString(b.beta2));
        s.put("seed", Long.toString(b.seed()));
        s.put("loss", b.model.objective().name());
        if (b.ema > 0) {
            s.put("ema", Double.toString(b.ema));
        }
        s.putAll(sem.settings());
        if (b.model.objective() != GanModel.Objective.BCE) {
            s.put("n_critic", Integer.toString(b.nCritic));
            s.put("strength", Double.toString(b.model.objective() == GanModel.Objective.CLIP ? b.clip : b.lambda));
        }
        return s;
    }

    /** The summary of {@code metrics.json}: the model, its settings, sizes and every metric's curve. */
    private void summarise(GanRun run) {
        Map<String, Object> summary = run.summary();
        summary.put("model", b.model.id());
        summary.put("net", b.net.id());
        run.settings().forEach((k, v) -> {
            if (!k.startsWith("spec.")) {
                summary.put(k, v);
            }
        });
        summary.put("latent", b.latent);
        summary.put("classes", run.spec().classes());
        summary.put("output", b.tanh ? "tanh" : "sigmoid");
        summary.put("batchnorm", b.batchNorm);
        summary.put("upsample", b.upsample);
        if (b.net == GanSpec.Net.DCGAN) {
            summary.put("generator_filters", b.generatorFilters);
            summary.put("discriminator_filters", b.discriminatorFilters);
        }
        summary.put("ema", b.ema);
        summary.put("generator_parameters", run.generator().numParameters());
        summary.put("discriminator_parameters", run.discriminator().numParameters());
        summary.put("epochs", run.history().size());
        summary.put("batches_per_epoch", run.batchesPerEpoch());
        summary.put("device", b.device().toString());
        for (String metric : run.history().toLog().metrics()) {
            summary.put(metric, run.history().values(metric));
        }
    }

    /**
     * Gives the weight average batch-norm statistics of its own (see {@link BatchNorm#recomputeStatistics}):
     * {@value #RECALIBRATION_BATCHES} batches of {@code batch} latent vectors (a conditional model's classes
     * in turn), from a seed fixed by the run's seed and the epoch so that a resumed run draws the same.
     */
    private void recalibrate(GanSpec spec, GeneratorNet avg, int epoch) {
        int batch = b.batch();
        Generator gen = Generator.derive(b.seed(), RandomStream.RECALIBRATION, epoch);
        BatchNorm.recomputeStatistics(avg, RECALIBRATION_BATCHES, i -> {
            Tensor z = Latent.sample(gen, batch, spec.latent(), DType.FLOAT32, b.device());
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
}
