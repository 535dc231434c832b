package gradiente.cli;

import gradiente.mnist.idx.SyntheticIdx;
import static org.assertj.core.api.Assertions.assertThat;

import gradiente.mnist.idx.IdxReader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train vae}, {@code sample} and {@code interpolate} on tiny runs of a GAN, a cGAN and a VAE. */
class SampleCommandTest {
    @TempDir
    static Path tmp;
    static Path gan;
    static Path cgan;
    static Path vae;
    static CliHarness.Result vaeRun;

    private static CliHarness.Result ok(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    @BeforeAll
    static void train() throws Exception {
        Path data = SyntheticIdx.write(tmp.resolve("data"), 128, 64, 9);
        gan = tmp.resolve("gan");
        cgan = tmp.resolve("cgan");
        vae = tmp.resolve("vae");
        String[] common = {"--dataset", "idx", "--data", data.toString(), "--epochs", "1", "--batch", "32", "--grid", "2",
                "--samples", "20"};
        ok(concat(new String[] {"train", "gan", "--out", gan.toString()}, common));
        ok(concat(new String[] {"train", "cgan", "--out", cgan.toString(), "--latent", "5"}, common));
        vaeRun = ok(concat(new String[] {"train", "vae", "--out", vae.toString(), "--hidden", "32", "--latent", "4"}, common));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void vaeReportsItsTestNegativeElboAndWritesItsFiles() throws Exception {
        Matcher m = Pattern.compile("(?m)^test_neg_elbo=([0-9.]+)\\s*\\z").matcher(vaeRun.out());
        assertThat(m.find()).as(vaeRun.out()).isTrue();
        double nelbo = Double.parseDouble(m.group(1));
        // Between a perfect model and ln 2 per pixel plus a little KL for an untrained one.
        assertThat(nelbo).isBetween(50.0, 784 * Math.log(2) + 50);
        for (String f : new String[] {"samples/epoch_001.png", "reconstructions.png", "generator.safetensors", "elbo.png",
                "metrics.json"}) {
            assertThat(vae.resolve(f)).as(f).isRegularFile();
        }
        assertThat(IdxReader.readImages(vae.resolve("samples.idx")).count()).isEqualTo(20);
        assertThat(Files.readString(vae.resolve("metrics.json"))).contains("\"test_neg_elbo\": [")
                .contains("\"reduction\": \"sum over pixels");
    }

    @Test
    void sampleWritesAGridForEachKindOfModel() throws Exception {
        Path png = tmp.resolve("gan.png");
        ok("sample", "--run", gan.toString(), "--count", "6", "--columns", "3", "--out", png.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(2 * (3 * 28 + 4 * 2));
        assertThat(img.getHeight()).isEqualTo(2 * (2 * 28 + 3 * 2));
        Path v = tmp.resolve("vae.png");
        ok("sample", "--checkpoint", vae.resolve("generator.safetensors").toString(), "--count", "4", "--out", v.toString());
        assertThat(ImageIO.read(v.toFile())).isNotNull();
    }

    @Test
    void conditionalSamplingMakesTheRequestedDigitOrOneRowPerDigit() throws Exception {
        Path seven = tmp.resolve("seven.png");
        var r = ok("sample", "--run", cgan.toString(), "--digit", "7", "--count", "4", "--columns", "4", "--out", seven.toString());
        assertThat(r.out()).contains("(digit 7)");
        Path rows = tmp.resolve("rows.png");
        ok("sample", "--run", cgan.toString(), "--columns", "2", "--out", rows.toString());
        assertThat(ImageIO.read(rows.toFile()).getHeight()).isEqualTo(2 * (10 * 28 + 11 * 2));
        var bad = CliHarness.run("sample", "--run", gan.toString(), "--digit", "7", "--out", seven.toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("--digit needs a conditional model");
    }

    @Test
    void interpolateWritesRowsOfStepsLinearSphericalAndAcrossClasses() throws Exception {
        Path lin = tmp.resolve("lin.png");
        ok("interpolate", "--run", gan.toString(), "--steps", "5", "--rows", "2", "--out", lin.toString());
        BufferedImage img = ImageIO.read(lin.toFile());
        assertThat(img.getWidth()).isEqualTo(2 * (5 * 28 + 6 * 2));
        assertThat(img.getHeight()).isEqualTo(2 * (2 * 28 + 3 * 2));
        Path sph = tmp.resolve("sph.png");
        var r = ok("interpolate", "--run", vae.toString(), "--mode", "spherical", "--steps", "4", "--rows", "1", "--out", sph.toString());
        assertThat(r.out()).contains("spherical");
        Path cls = tmp.resolve("cls.png");
        var c = ok("interpolate", "--run", cgan.toString(), "--from-digit", "1", "--to-digit", "8", "--steps", "4", "--rows", "3",
                "--out", cls.toString());
        assertThat(c.out()).contains("class (1 to 8)");
        assertThat(ImageIO.read(cls.toFile()).getHeight()).isEqualTo(2 * (3 * 28 + 4 * 2));
    }

    @Test
    void convolutionalVaeWithTheGaussianLikelihoodTrains() throws Exception {
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("vae-conv");
        var r = ok("train", "vae", "--arch", "conv", "--likelihood", "gaussian", "--sigma", "0.2", "--hidden", "16",
                "--dataset", "idx", "--data", data.toString(), "--epochs", "1", "--batch", "32", "--train-size", "64",
                "--test-size", "32", "--grid", "2", "--samples", "0", "--out", out.toString());
        assertThat(r.out()).contains("vae (conv, gaussian likelihood sigma 0.2)").containsPattern("(?m)^test_neg_elbo=-?[0-9.]+");
        assertThat(Files.readString(out.resolve("metrics.json"))).contains("\"arch\": \"conv\"").contains("\"likelihood\": \"gaussian\"");
    }
}
