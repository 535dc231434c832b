package gradiente.generative.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.generative.classify.ClassifierKind;
import gradiente.generative.training.MetricsJson;
import gradiente.generative.training.SettingException;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Scaling;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VAE and classifier recipes called as a library: defaults, what fit returns and writes. */
class VaeAndClassifierTrainingTest {
    @TempDir
    Path tmp;
    Dataset train;
    Dataset test;
    final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @BeforeEach
    void data() throws IOException {
        DatasetFiles files = DatasetFiles.find(DatasetKind.IDX, SyntheticIdx.write(Files.createDirectories(tmp.resolve("d")),
                512, 200, 11));
        train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
    }

    @Test
    void theClassifierRecipeLearnsAndReportsTheTestAccuracy() throws IOException {
        ClassifierTraining recipe = ClassifierTraining.of(ClassifierKind.MLP).epochs(2).batch(64).device(Device.CPU)
                .runFolder(tmp.resolve("mlp")).progress(new ProgressBar(quiet, false, 1e9, System::nanoTime)).log(quiet)
                .listener(new MetricsJson()).build();
        assertThat(ClassifierTraining.of(ClassifierKind.MLP).build().batch()).isEqualTo(ClassifierKind.MLP.defaultBatch());
        ClassifierRun run = recipe.fit(train, test);
        assertThat(run.history().size()).isEqualTo(2);
        assertThat(run.history().values("test_accuracy")).hasSize(2);
        assertThat(run.evaluation().accuracy()).isGreaterThan(0.9).isEqualTo(run.history().values("test_accuracy")[1]);
        var m = java.util.regex.Pattern.compile("\"test_accuracy\": ([0-9.]+)\n")
                .matcher(Files.readString(tmp.resolve("mlp/metrics.json")));
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isEqualTo(run.evaluation().accuracy());
    }

    @Test
    void theVaeRecipeImprovesTheTestElboAndWritesItsFiles() throws IOException {
        VaeTraining recipe = VaeTraining.builder().hidden(64).latent(4).epochs(2).device(Device.CPU)
                .runFolder(tmp.resolve("vae")).progress(new ProgressBar(quiet, false, 1e9, System::nanoTime)).log(quiet)
                .listener(new VaeImages(4)).listener(new VaeSamples(10)).build();
        VaeRun run = recipe.fit(train, test);
        double[] elbo = run.history().values("test_neg_elbo");
        assertThat(elbo[1]).isLessThan(elbo[0]);
        assertThat(run.finalTest().get("test_neg_elbo")).isEqualTo(elbo[1]);
        assertThat(tmp.resolve("vae/generator.safetensors")).exists();
        assertThat(tmp.resolve("vae/reconstructions.png")).exists();
        assertThat(Files.size(tmp.resolve("vae/samples.idx"))).isEqualTo(16 + 10 * 784);
        assertThatThrownBy(() -> VaeTraining.builder().arch("resnet").device(Device.CPU).runFolder(tmp.resolve("bad-arch")).build().fit(train, test))
                .isInstanceOf(SettingException.class).hasMessage("VaeSpec: arch must be mlp or conv, got 'resnet'");
        assertThat(tmp.resolve("bad-arch")).as("a rejected setting opens no run folder").doesNotExist();
        assertThatThrownBy(() -> VaeTraining.builder().batch(0).build()).hasMessage("VaeTraining: batch must be >= 1, got 0");
    }
}
