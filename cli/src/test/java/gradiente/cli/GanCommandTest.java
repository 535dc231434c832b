package gradiente.cli;

import gradiente.mnist.idx.SyntheticIdx;
import static org.assertj.core.api.Assertions.assertThat;

import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.LatentDecoder;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train gan|cgan|wgan|wgan-gp|dcgan} on a tiny synthetic IDX set: files, resume, shapes. */
class GanCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        data = SyntheticIdx.write(tmp.resolve("data"), 256, 16, 3);
    }

    private static CliHarness.Result train(String model, Path out, String... extra) {
        String[] base = {"train", model, "--dataset", "idx", "--data", data.toString(), "--out", out.toString(),
                "--seed", "5", "--grid", "3"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliHarness.Result r = CliHarness.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    @Test
    void ganWritesGridsCurvesCheckpointsAndSamples() throws Exception {
        Path out = tmp.resolve("gan");
        var r = train("gan", out, "--epochs", "2", "--batch", "64", "--save-every", "1", "--samples", "30");
        assertThat(r.out()).contains("G 114,064 parameters").contains("D 100,609 parameters")
                .contains("batch 64 (32 real + 32 generated)").contains("d_real").contains("acc_fake");
        for (String f : new String[] {"samples/epoch_001.png", "samples/epoch_002.png", "samples.png", "loss.png",
                "accuracy.png", "scores.png", "generator_epoch_001.safetensors", "generator_epoch_002.safetensors",
                "generator.safetensors", "checkpoint.safetensors", "metrics.csv", "metrics.json"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        // 3 x 3 grid of 28 x 28 cells with padding 2, scaled twice.
        assertThat(ImageIO.read(out.resolve("samples.png").toFile()).getWidth()).isEqualTo(2 * (3 * 28 + 4 * 2));
        IdxImages s = IdxReader.readImages(out.resolve("samples.idx"));
        assertThat(s.count()).isEqualTo(30);
        assertThat(s.rows()).isEqualTo(28);
        String json = Files.readString(out.resolve("metrics.json"));
        assertThat(json).contains("\"model\": \"gan\"").contains("\"d_fake\": [").contains("\"acc_real\": [")
                .contains("\"batches_per_epoch\": 4");
        LatentDecoder dec = Decoders.load(out);
        assertThat(dec.latentDim()).isEqualTo(100);
        assertThat(dec.classes()).isZero();
    }

    @Test
    void resumingGivesTheSameGeneratorAsOneRun() throws Exception {
        Path once = tmp.resolve("once");
        Path twice = tmp.resolve("twice");
        train("gan", once, "--epochs", "2", "--batch", "64", "--samples", "0");
        train("gan", twice, "--epochs", "1", "--batch", "64", "--samples", "0");
        var r = train("gan", twice, "--epochs", "2", "--batch", "64", "--samples", "0", "--resume");
        assertThat(r.out()).contains("resuming from");
        assertThat(Files.readAllBytes(twice.resolve("generator.safetensors")))
                .isEqualTo(Files.readAllBytes(once.resolve("generator.safetensors")));
    }

    @Test
    void weightAverageIsSampledSavedAndResumedInPhase() throws Exception {
        Path once = tmp.resolve("ema-once");
        Path twice = tmp.resolve("ema-twice");
        var r = train("gan", once, "--epochs", "2", "--batch", "64", "--samples", "0", "--ema", "0.9", "--save-every", "1");
        assertThat(r.out()).doesNotContain("resuming");
        for (String f : new String[] {"samples/ema_epoch_001.png", "samples/ema_epoch_002.png",
                "generator_ema_epoch_001.safetensors", "generator_ema.safetensors"}) {
            assertThat(once.resolve(f)).as(f).isRegularFile();
        }
        // The average is a generator of its own (sample/eval-gen read it) and not G itself.
        assertThat(Decoders.load(once.resolve("generator_ema.safetensors")).latentDim()).isEqualTo(100);
        assertThat(Files.readAllBytes(once.resolve("generator_ema.safetensors")))
                .isNotEqualTo(Files.readAllBytes(once.resolve("generator.safetensors")));
        assertThat(Files.readString(once.resolve("metrics.json"))).contains("\"ema\": 0.9");
        // Resuming restores the average from the checkpoint and continues its bias correction.
        train("gan", twice, "--epochs", "1", "--batch", "64", "--samples", "0", "--ema", "0.9");
        train("gan", twice, "--epochs", "2", "--batch", "64", "--samples", "0", "--ema", "0.9", "--resume");
        assertThat(Files.readAllBytes(twice.resolve("generator_ema.safetensors")))
                .isEqualTo(Files.readAllBytes(once.resolve("generator_ema.safetensors")));
        assertThat(CliHarness.run("train", "gan", "--dataset", "idx", "--data", data.toString(), "--out",
                tmp.resolve("ema-bad").toString(), "--ema", "1").err()).contains("--ema");
    }

    @Test
    void weightAverageOfABatchNormGeneratorGetsItsOwnStatisticsAndResumes() throws Exception {
        Path once = tmp.resolve("bn-ema-once");
        Path twice = tmp.resolve("bn-ema-twice");
        String[] common = {"--batch", "4", "--train-size", "8", "--samples", "0", "--batchnorm", "--ema", "0.5"};
        train("dcgan", once, concat(common, "--epochs", "2"));
        train("dcgan", twice, concat(common, "--epochs", "1"));
        train("dcgan", twice, concat(common, "--epochs", "2", "--resume"));
        assertThat(Files.readAllBytes(twice.resolve("generator_ema.safetensors")))
                .isEqualTo(Files.readAllBytes(once.resolve("generator_ema.safetensors")));
        // Re-estimated from 20 batches of noise: the counter says so, and the statistics are not G's.
        var avg = gradiente.nn.checkpoint.SafeTensors.read(once.resolve("generator_ema.safetensors")).tensors();
        var g = gradiente.nn.checkpoint.SafeTensors.read(once.resolve("generator.safetensors")).tensors();
        String counter = avg.keySet().stream().filter(k -> k.endsWith("num_batches_tracked")).findFirst().orElseThrow();
        assertThat(avg.get(counter).item()).isEqualTo(gradiente.generative.recipes.GanTraining.RECALIBRATION_BATCHES);
        String mean = counter.replace("num_batches_tracked", "running_mean");
        assertThat(avg.get(mean).toDoubleArray()).isNotEqualTo(g.get(mean).toDoubleArray());
    }

    @Test
    void evalEveryScoresGAndTheAverageAsEvalGenWould() throws Exception {
        Path out = tmp.resolve("scored");
        var r = train("gan", out, "--epochs", "1", "--batch", "64", "--samples", "0", "--ema", "0.9", "--save-every", "1",
                "--eval-every", "1", "--eval-count", "40");
        assertThat(r.out()).contains("eval-gen after epoch 1, G:").contains("eval-gen after epoch 1, weight average of G:")
                .contains("fid=");
        for (String f : new String[] {"eval/epoch_001.json", "eval/epoch_001_ema.json", "fid.png", "classes.png"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("metrics.csv")).lines().findFirst().orElseThrow())
                .contains("fid").contains("fid_ema").contains("class_min_pct").contains("class_max_pct_ema");
        // The same figures as eval-gen on the generator saved at that epoch, with eval-gen's default seed.
        Path again = tmp.resolve("scored-again.json");
        var e = CliHarness.run("eval-gen", "--generator", out.resolve("generator_epoch_001.safetensors").toString(),
                "--count", "40", "--json", again.toString());
        assertThat(e.code()).as(e.out() + e.err()).isZero();
        assertThat(fidLine(out.resolve("eval/epoch_001.json"))).isEqualTo(fidLine(again));
        var e2 = CliHarness.run("eval-gen", "--generator", out.resolve("generator_ema_epoch_001.safetensors").toString(),
                "--count", "40", "--json", again.toString());
        assertThat(e2.code()).as(e2.out() + e2.err()).isZero();
        assertThat(fidLine(out.resolve("eval/epoch_001_ema.json"))).isEqualTo(fidLine(again))
                .isNotEqualTo(fidLine(out.resolve("eval/epoch_001.json")));
    }

    private static String fidLine(Path json) throws Exception {
        return Files.readAllLines(json).stream().filter(l -> l.contains("\"fid\"")).findFirst().orElseThrow().trim();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void resumingAWganKeepsTheCriticAndGeneratorUpdatesInPhase() throws Exception {
        // 4 critic steps per epoch, a generator step every 3rd: the phase changes from epoch to epoch.
        Path once = tmp.resolve("wonce");
        Path twice = tmp.resolve("wtwice");
        train("wgan", once, "--epochs", "2", "--batch", "64", "--n-critic", "3", "--samples", "0", "--latent", "4");
        train("wgan", twice, "--epochs", "1", "--batch", "64", "--n-critic", "3", "--samples", "0", "--latent", "4");
        train("wgan", twice, "--epochs", "2", "--batch", "64", "--n-critic", "3", "--samples", "0", "--latent", "4", "--resume");
        assertThat(Files.readAllBytes(twice.resolve("generator.safetensors")))
                .isEqualTo(Files.readAllBytes(once.resolve("generator.safetensors")));
    }

    @Test
    void conditionalGanWritesOneRowPerDigitAndTheRequestedLabels() throws Exception {
        Path out = tmp.resolve("cgan");
        train("cgan", out, "--epochs", "1", "--batch", "64", "--latent", "8", "--samples", "30");
        // 10 rows (digits) x 3 columns.
        assertThat(ImageIO.read(out.resolve("samples.png").toFile()).getHeight()).isEqualTo(2 * (10 * 28 + 11 * 2));
        int[] labels = IdxReader.readLabels(out.resolve("samples-labels.idx"), 10);
        assertThat(labels).hasSize(30);
        assertThat(labels[0]).isZero();
        assertThat(labels[13]).isEqualTo(3);
        assertThat(Decoders.load(out).classes()).isEqualTo(10);
    }

    @Test
    void wassersteinModelsReportTheirEstimate() throws Exception {
        Path out = tmp.resolve("wgan");
        var r = train("wgan", out, "--epochs", "1", "--batch", "32", "--samples", "0");
        assertThat(r.out()).contains("w_estimate").contains("weight clipping").contains("critic 100,609 parameters");
        assertThat(out.resolve("wasserstein.png")).isRegularFile();
        Path gp = tmp.resolve("wgan-gp");
        var r2 = train("wgan-gp", gp, "--epochs", "1", "--batch", "32", "--samples", "0", "--train-size", "64");
        assertThat(r2.out()).contains("gp ").contains("gradient penalty");
    }

    @Test
    void dcganVariantsAndTheConvolutionalCriticRunOneStep() throws Exception {
        Path out = tmp.resolve("dcgan");
        var r = train("dcgan", out, "--epochs", "1", "--batch", "4", "--train-size", "4", "--samples", "2",
                "--output", "tanh", "--batchnorm", "--latent", "16");
        assertThat(r.out()).contains("dcgan (dcgan nets)").contains("latent 16");
        // --batchnorm normalises G only: D keeps the thesis' 40,705 parameters and has no BatchNorm2d.
        assertThat(r.out()).contains("D 40,705 parameters").contains("BatchNorm2d(channels=128");
        assertThat(r.out().substring(r.out().indexOf("DiscriminatorNet"))).doesNotContain("BatchNorm2d");
        assertThat(IdxReader.readImages(out.resolve("samples.idx")).count()).isEqualTo(2);
        assertThat(Decoders.load(out).scaling()).isEqualTo(gradiente.mnist.Scaling.MINUS_ONE_ONE);
        Path gp = tmp.resolve("wgan-gp-dcgan");
        var r2 = train("wgan-gp", gp, "--net", "dcgan", "--epochs", "1", "--batch", "4", "--train-size", "8",
                "--samples", "0", "--n-critic", "2", "--latent", "8");
        assertThat(r2.out()).contains("critic 40,705 parameters").contains("w_estimate").contains("gp ");
    }

    @Test
    void warnsWhenTheDiscriminatorWinsAnEpoch() {
        assertThat(GanConsole.discriminatorWins(java.util.Map.of("loss_d", 0.037, "acc_fake", 1.0)))
                .contains("discriminator wins").contains("0.037").contains("--batchnorm");
        assertThat(GanConsole.discriminatorWins(java.util.Map.of("loss_d", 0.42, "acc_fake", 1.0))).isNull();
        assertThat(GanConsole.discriminatorWins(java.util.Map.of("loss_d", 0.05, "acc_fake", 0.97))).isNull();
        assertThat(GanConsole.discriminatorWins(java.util.Map.of("w_estimate", 1.0))).isNull();
    }
}
