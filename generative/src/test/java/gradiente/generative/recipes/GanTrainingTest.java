package gradiente.generative.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.generative.gan.Gan;
import gradiente.generative.gan.GanSpec;
import gradiente.generative.gan.KerasSemantics;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.LatentDecoder;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Split;
import gradiente.mnist.idx.SyntheticIdx;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.nn.optim.Adam;
import gradiente.nn.train.ProgressBar;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GAN recipe as a library caller uses it: settings, listeners, history, resume. */
class GanTrainingTest {
    @TempDir
    Path tmp;
    Dataset train;

    @BeforeEach
    void data() throws IOException {
        Path dir = SyntheticIdx.write(Files.createDirectories(tmp.resolve("data")), 96, 8, 5);
        train = Dataset.load(DatasetFiles.find(DatasetKind.IDX, dir), Split.TRAIN, GanTraining.of(GanModel.GAN).build()
                .scaling());
    }

    private GanTraining.Builder small(Path out) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return GanTraining.of(GanModel.GAN).batch(32).hidden(8).latent(4).device(Device.CPU).runFolder(out)
                .progress(new ProgressBar(quiet, false, 1e9, System::nanoTime)).log(quiet);
    }

    @Test
    void theModelsCarryTheSeedsDefaults() {
        GanTraining dcgan = GanTraining.of(GanModel.DCGAN).build();
        assertThat(dcgan.batch()).isEqualTo(256);
        assertThat(dcgan.lr()).isEqualTo(2e-4);
        assertThat(dcgan.beta1()).isEqualTo(0.5);
        assertThat(dcgan.net()).isEqualTo(GanSpec.Net.DCGAN);
        assertThat(dcgan.runFolder()).isEqualTo(Path.of("runs", "dcgan"));
        GanTraining wgan = GanTraining.of(GanModel.WGAN_GP).build();
        assertThat(wgan.model().objective()).isEqualTo(GanModel.Objective.PENALTY);
        assertThat(wgan.beta1()).isZero();
        assertThat(wgan.beta2()).isEqualTo(0.9);
    }

    @Test
    void badSettingsNameTheSettingNotAFlag() {
        assertThatThrownBy(() -> GanTraining.of(GanModel.GAN).ema(1).build()).isInstanceOf(SettingException.class)
                .hasMessage("GanTraining: ema must be in (0, 1), or 0 for off, got 1.0")
                .satisfies(e -> assertThat(((SettingException) e).flag()).isEqualTo("--ema"));
        assertThatThrownBy(() -> GanTraining.of(GanModel.GAN).batch(3).build()).hasMessageContaining("batch must be even");
        assertThatThrownBy(() -> small(tmp.resolve("x")).batch(128).build().fit(train))
                .hasMessage("GanTraining: batch 128 is larger than the 96 training images");
        assertThatThrownBy(() -> GanSpec.Net.parse("vgg")).isInstanceOf(SettingException.class)
                .hasMessageNotContaining("--");
        assertThat(new SettingException("GanScores", "evalCount", "must be >= 2").flag()).isEqualTo("--eval-count");
    }

    @Test
    void listenersHearEveryEpochAndTheirMetricsJoinTheRow() throws IOException {
        List<String> events = new ArrayList<>();
        TrainingListener<GanRun> spy = new TrainingListener<>() {
            @Override
            public void started(GanRun run) {
                events.add("started " + run.batchesPerEpoch());
            }

            @Override
            public void epochEnded(GanRun run, EpochReport report) {
                events.add("epoch " + report.epoch() + " " + report.means().containsKey("loss_d"));
                report.record("answer", 42 + report.epoch());
            }

            @Override
            public void finished(GanRun run) {
                events.add("finished " + run.history().size());
            }
        };
        Path out = tmp.resolve("run");
        GanRun run = small(out).epochs(2).listener(spy).build().fit(train);
        assertThat(events).containsExactly("started 3", "epoch 1 true", "epoch 2 true", "finished 2");
        assertThat(run.history().values("answer")).containsExactly(43, 44);
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).get(0)).contains("answer");
        assertThat(out.resolve("generator.safetensors")).exists();
        assertThat(run.summary()).containsEntry("model", "gan").containsEntry("batches_per_epoch", 3);
    }

    @Test
    void resumingGivesTheBitsOfAnUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("straight");
        Path resumed = tmp.resolve("resumed");
        small(straight).epochs(2).ema(0.9).build().fit(train);
        small(resumed).epochs(1).ema(0.9).build().fit(train);
        GanRun second = small(resumed).epochs(2).ema(0.9).resume(true).build().fit(train);
        assertThat(second.history().size()).isEqualTo(2);
        for (String f : List.of("generator.safetensors", GanTraining.EMA_FINAL)) {
            assertThat(Files.readAllBytes(resumed.resolve(f))).as(f).isEqualTo(Files.readAllBytes(straight.resolve(f)));
        }
        assertThatThrownBy(() -> small(resumed).epochs(3).ema(0.9).seed(2).resume(true).build().fit(train))
                .hasMessageContaining("seed=1").hasMessageContaining("seed=2");
    }

    @Test
    void aPackedDiscriminatorTrainsResumesBitExactlyAndIsRecordedInTheCheckpoint() throws IOException {
        Path straight = tmp.resolve("pack-straight");
        Path resumed = tmp.resolve("pack-resumed");
        GanRun run = small(straight).epochs(2).pack(2).build().fit(train);
        assertThat(run.history().size()).isEqualTo(2);
        assertThat(run.discriminator().pack()).isEqualTo(2);
        small(resumed).epochs(1).pack(2).build().fit(train);
        small(resumed).epochs(2).pack(2).resume(true).build().fit(train);
        assertThat(Files.readAllBytes(resumed.resolve("generator.safetensors")))
                .isEqualTo(Files.readAllBytes(straight.resolve("generator.safetensors")));
        // A packed D is a different network from an unpacked one: the run's own G differs from pack 1's.
        Path single = tmp.resolve("pack-1");
        small(single).epochs(2).build().fit(train);
        assertThat(Files.readAllBytes(single.resolve("generator.safetensors")))
                .isNotEqualTo(Files.readAllBytes(straight.resolve("generator.safetensors")));
        assertThat(SafeTensors.read(straight.resolve("generator.safetensors")).metadata())
                .containsEntry("info.spec.pack", "2");
        assertThat(SafeTensors.read(single.resolve("generator.safetensors")).metadata()).doesNotContainKey(
                "info.spec.pack");
    }

    @Test
    void narrowDcganNetsTrainAreRecordedAndResumeBitExactly() throws IOException {
        Path straight = tmp.resolve("narrow-straight");
        Path resumed = tmp.resolve("narrow-resumed");
        GanRun run = narrow(straight, 2).build().fit(train);
        // G: dense 4 -> 8*7*7, two 8 -> 8 transposed k4 convolutions, the k7 output; D: 1 -> 4 k3, 4 -> 4 k3, dense
        assertThat(run.generator().numParameters()).isEqualTo((4 * 392 + 392) + 2 * (8 * 8 * 16 + 8) + (8 * 49 + 1));
        assertThat(run.discriminator().numParameters()).isEqualTo((9 * 4 + 4) + (4 * 4 * 9 + 4) + (4 * 49 + 1));
        assertThat(run.spec().generatorFilters()).isEqualTo(8);
        assertThat(run.spec().discriminatorFilters()).isEqualTo(4);
        assertThat(run.summary()).containsEntry("generator_filters", 8).containsEntry("discriminator_filters", 4);
        narrow(resumed, 1).build().fit(train);
        narrow(resumed, 2).resume(true).build().fit(train);
        assertThat(Files.readAllBytes(resumed.resolve("generator.safetensors")))
                .isEqualTo(Files.readAllBytes(straight.resolve("generator.safetensors")));
        Map<String, String> meta = SafeTensors.read(straight.resolve("generator.safetensors")).metadata();
        assertThat(meta).containsEntry("info.spec.gfilters", "8").containsEntry("info.spec.dfilters", "4");
        // the file alone rebuilds the same generator, as sample and interpolate load it
        LatentDecoder fromFile = Decoders.load(straight.resolve("generator.safetensors"));
        Tensor z = Tensor.randn(new gradiente.tensor.Generator(3), DType.FLOAT32, 5, 4);
        assertThat(fromFile.decode(z, null).toFloatArray())
                .containsExactly(Decoders.of(run.spec(), run.generator(), Device.CPU).decode(z, null).toFloatArray());
        // a resume with other widths is refused, naming the file and the first tensor whose shape differs
        assertThatThrownBy(() -> narrow(resumed, 3).generatorFilters(16).resume(true).build().fit(train))
                .hasMessageContaining("checkpoint.safetensors").hasMessageContaining("does not match")
                .hasMessageContaining("[392, 4]");
        // not the thesis' architecture: PyTorch's semantics by default, as for its other variants
        assertThat(GanTraining.of(GanModel.DCGAN).generatorFilters(64).build().thesisArchitecture()).isFalse();
        assertThat(GanTraining.of(GanModel.DCGAN).generatorFilters(64).build().semantics()).isEqualTo(KerasSemantics.PYTORCH);
        assertThatThrownBy(() -> GanTraining.of(GanModel.GAN).generatorFilters(64).build()).isInstanceOf(SettingException.class)
                .hasMessageContaining("DCGAN");
        assertThatThrownBy(() -> GanTraining.of(GanModel.DCGAN).discriminatorFilters(0).build())
                .hasMessageContaining("discriminatorFilters");
    }

    private GanTraining.Builder narrow(Path out, int epochs) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return GanTraining.of(GanModel.DCGAN).batch(32).latent(4).generatorFilters(8).discriminatorFilters(4)
                .epochs(epochs).device(Device.CPU).runFolder(out).progress(new ProgressBar(quiet, false, 1e9, System::nanoTime))
                .log(quiet);
    }

    @Test
    void packingIsRefusedWhereItDoesNotApply() {
        assertThatThrownBy(() -> GanTraining.of(GanModel.WGAN_GP).pack(2).build()).isInstanceOf(SettingException.class)
                .hasMessageContaining("not to wgan-gp").satisfies(e -> assertThat(((SettingException) e).flag())
                        .isEqualTo("--pack"));
        assertThatThrownBy(() -> GanTraining.of(GanModel.CGAN).pack(2).build()).hasMessageContaining("not to cgan");
        assertThatThrownBy(() -> GanTraining.of(GanModel.GAN).batch(30).pack(2).build())
                .hasMessageContaining("2 must divide half the batch (15");
        assertThatThrownBy(() -> GanTraining.of(GanModel.GAN).pack(0).build()).hasMessageContaining("pack");
    }

    @Test
    void theThesisDcganAsGivenDefaultsToKerasSemanticsEverythingElseToPytorchs() {
        assertThat(GanTraining.of(GanModel.DCGAN).build().semantics()).isEqualTo(KerasSemantics.KERAS);
        assertThat(GanTraining.of(GanModel.DCGAN).build().thesisArchitecture()).isTrue();
        assertThat(GanTraining.of(GanModel.DCGAN).latent(16).build().semantics()).isEqualTo(KerasSemantics.KERAS);
        for (GanTraining r : List.of(GanTraining.of(GanModel.DCGAN).batchNorm(true).build(),
                GanTraining.of(GanModel.DCGAN).tanh(true).build(), GanTraining.of(GanModel.DCGAN).upsample(true).build(),
                GanTraining.of(GanModel.DCGAN).net(GanSpec.Net.MLP).build(), GanTraining.of(GanModel.GAN).build(),
                GanTraining.of(GanModel.CGAN).net(GanSpec.Net.DCGAN).build(), GanTraining.of(GanModel.WGAN).build(),
                GanTraining.of(GanModel.WGAN_GP).build())) {
            assertThat(r.semantics()).as(r.model().id() + " " + r.net().id()).isEqualTo(KerasSemantics.PYTORCH);
        }
        // Each setting overrides its part of the default and only that.
        assertThat(GanTraining.of(GanModel.DCGAN).bce(Gan.Bce.PROBABILITIES).build().semantics())
                .isEqualTo(new KerasSemantics(Gan.Bce.PROBABILITIES, Adam.Epsilon.HAT, true));
        assertThat(GanTraining.of(GanModel.GAN).adamEpsilon(Adam.Epsilon.HAT).build().semantics())
                .isEqualTo(new KerasSemantics(Gan.Bce.PROBABILITIES, Adam.Epsilon.HAT, false));
        assertThat(GanTraining.of(GanModel.GAN).realSampling(GanTraining.RealSampling.REPLACEMENT).build().semantics())
                .isEqualTo(new KerasSemantics(Gan.Bce.PROBABILITIES, Adam.Epsilon.CORRECTED, true));
        assertThat(GanTraining.of(GanModel.DCGAN).semantics(KerasSemantics.PYTORCH).build().semantics())
                .isEqualTo(KerasSemantics.PYTORCH);
        // Replacement draws are allowed for a WGAN; the cross-entropy's and Adam's Keras arithmetic are not.
        assertThat(GanTraining.of(GanModel.WGAN).realSampling(GanTraining.RealSampling.REPLACEMENT).build().semantics()
                .replacement()).isTrue();
    }

    @Test
    void kerasSettingsOnAWassersteinModelAndBadPerUpdateListenersNameTheSetting() {
        assertThatThrownBy(() -> GanTraining.of(GanModel.WGAN).bce(Gan.Bce.LOGITS).build())
                .isInstanceOf(SettingException.class)
                .hasMessage("GanTraining: bce applies to the cross-entropy GANs (gan, cgan, dcgan), not to wgan, got LOGITS")
                .satisfies(e -> assertThat(((SettingException) e).flag()).isEqualTo("--bce"));
        assertThatThrownBy(() -> GanTraining.of(GanModel.WGAN_GP).adamEpsilon(Adam.Epsilon.HAT).build())
                .isInstanceOf(SettingException.class)
                .hasMessage("GanTraining: adamEpsilon applies to the cross-entropy GANs (gan, cgan, dcgan), not to wgan-gp, "
                        + "got HAT")
                .satisfies(e -> assertThat(((SettingException) e).flag()).isEqualTo("--adam-epsilon"));
        assertThatThrownBy(() -> new UpdateWindows(0, null)).isInstanceOf(SettingException.class)
                .hasMessage("UpdateWindows: logEvery must be >= 1, got 0");
        assertThatThrownBy(() -> new FixedNoiseGrids(10, -1)).isInstanceOf(SettingException.class)
                .hasMessage("FixedNoiseGrids: gridEvery must be >= 0 (0 = never), got -1");
    }

    /** The Keras semantics on the small GAN: logits, epsilon hat, real images drawn with replacement. */
    private GanTraining.Builder keras(Path out) {
        return small(out).semantics(KerasSemantics.KERAS);
    }

    @Test
    void kerasSemanticsResumeBitExactlyAndListenersHearEveryUpdate() throws IOException {
        Path straight = tmp.resolve("k-straight");
        Path resumed = tmp.resolve("k-resumed");
        List<Long> heard = new ArrayList<>();
        TrainingListener<GanRun> spy = new TrainingListener<>() {
            @Override
            public void updateEnded(GanRun run, long update, Map<String, Double> measured) {
                heard.add(update);
                assertThat(measured).containsKeys("loss_d", "loss_g", "d_real", "d_fake", "g_saturated");
            }
        };
        GanRun run = keras(straight).epochs(2).listener(new UpdateWindows(3, null)).build().fit(train);
        assertThat(run.scoreLastBatch()).hasSize(2);
        keras(resumed).epochs(1).listener(new UpdateWindows(3, null)).listener(spy).build().fit(train);
        keras(resumed).epochs(2).resume(true).listener(new UpdateWindows(3, null)).listener(spy).build().fit(train);
        // 3 updates per epoch; the resumed run's update numbers continue where the checkpoint left them.
        assertThat(heard).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(Files.readAllBytes(resumed.resolve("generator.safetensors")))
                .isEqualTo(Files.readAllBytes(straight.resolve("generator.safetensors")));
        List<String> rows = Files.readAllLines(straight.resolve(UpdateWindows.UPDATES_CSV));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo("update,loss_d,loss_g,d_real,d_fake,acc_real,acc_fake,g_saturated");
        assertThat(rows.get(1)).startsWith("3,");
        assertThat(rows.get(2)).startsWith("6,");
        assertThat(Files.readAllLines(resumed.resolve(UpdateWindows.UPDATES_CSV))).isEqualTo(rows);
        // The real draws are a named stream of their own, saved with the checkpoint; the settings say Keras'.
        var ckpt = SafeTensors.read(straight.resolve("checkpoint.safetensors"));
        assertThat(ckpt.metadata()).containsKey("rng.real").containsEntry("info.setting.bce", "logits")
                .containsEntry("info.setting.adam_epsilon", "keras").containsEntry("info.setting.real_sampling", "replacement");
        // Keras' semantics train differently from PyTorch's, which stay the small GAN's default, bit for bit.
        Path pytorch = tmp.resolve("pytorch");
        Path plain = tmp.resolve("plain");
        small(pytorch).epochs(2).semantics(KerasSemantics.PYTORCH).build().fit(train);
        small(plain).epochs(2).build().fit(train);
        assertThat(Files.readAllBytes(pytorch.resolve("generator.safetensors")))
                .isEqualTo(Files.readAllBytes(plain.resolve("generator.safetensors")))
                .isNotEqualTo(Files.readAllBytes(straight.resolve("generator.safetensors")));
        assertThat(SafeTensors.read(plain.resolve("checkpoint.safetensors")).metadata()).doesNotContainKey("rng.real")
                .doesNotContainKey("info.setting.bce");
        // A fresh run over the old one (no resume: it must say overwrite) starts updates.csv anew.
        keras(resumed).epochs(1).overwrite(true).listener(new UpdateWindows(3, null)).build().fit(train);
        assertThat(Files.readAllLines(resumed.resolve(UpdateWindows.UPDATES_CSV))).hasSize(2);
    }

    @Test
    void theKerasProbeJoinsTheWindowsEveryFifthUpdateAndGridsFollowUpdates() throws IOException {
        Path out = tmp.resolve("probe");
        keras(out).epochs(2).listener(new UpdateWindows(5, null)).listener(new FixedNoiseGrids(2, 2)).build().fit(train);
        List<String> rows = Files.readAllLines(out.resolve(UpdateWindows.UPDATES_CSV));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).endsWith(",g_saturated,d_real_eval,d_fake_eval");
        assertThat(rows.get(1)).startsWith("5,");
        for (int u : new int[] {2, 4, 6}) {
            assertThat(out.resolve(String.format("samples/update_%05d.png", u))).isRegularFile();
        }
        assertThat(out.resolve("samples/update_00003.png")).doesNotExist();
    }
}
