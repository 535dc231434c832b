package gradiente.generative.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.generative.gan.GanSpec;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Split;
import gradiente.mnist.idx.SyntheticIdx;
import gradiente.nn.train.ProgressBar;
import gradiente.tensor.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
