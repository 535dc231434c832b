package gradiente.generative.training;

import gradiente.tensor.io.AtomicFiles;
import gradiente.mnist.plot.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The output folder of a training run ({@code --out}):
 * <pre>
 *   checkpoint.safetensors   model + optimiser + generators + epoch + metric history (resumable)
 *   metrics.json             run settings and results (written atomically)
 *   metrics.csv              one row per epoch
 *   loss.png, accuracy.png   curves of every metric whose name contains "loss" / "acc"
 *   scores.png, wasserstein.png, elbo.png   a GAN's D(x)/D(G(z)), a WGAN's estimate, a VAE's terms
 *   fid.png, classes.png     a GAN's in-training scores ({@code --eval-every}): FID, smallest/largest class share
 * </pre>
 */
public record RunFolder(Path dir) {
    /** Creates the folder when missing. */
    public static RunFolder at(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new RunFolder(dir);
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.safetensors");
    }

    public Path metricsJson() {
        return dir.resolve("metrics.json");
    }

    public Path metricsCsv() {
        return dir.resolve("metrics.csv");
    }

    /** A file of the run, e.g. {@code confusion.png}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code metrics.json} atomically (see {@link JsonText} for the value mapping). */
    public void writeMetricsJson(Map<String, ?> summary) throws IOException {
        AtomicFiles.writeString(metricsJson(), JsonText.of(summary));
    }

    /** A family of curves drawn in one PNG: the metrics whose name satisfies {@code member}. */
    private record Family(String file, String title, String axis, java.util.function.Predicate<String> member) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("loss.png", "loss per epoch", "loss", m -> m.contains("loss")),
            new Family("accuracy.png", "accuracy per epoch", "accuracy", m -> m.contains("acc")),
            new Family("scores.png", "mean D(x) and D(G(z)) per epoch", "score", m -> m.startsWith("d_")),
            new Family("wasserstein.png", "Wasserstein estimate and gradient penalty per epoch", "value",
                    m -> m.equals("w_estimate") || m.equals("gp")),
            new Family("elbo.png", "negative ELBO terms per epoch (nats per image)", "nats",
                    m -> m.contains("elbo") || m.equals("kl") || m.equals("recon")),
            new Family("fid.png", "MNIST FID of generated images per epoch (evaluation classifier)", "FID",
                    m -> m.startsWith("fid")),
            new Family("classes.png", "smallest and largest class share of generated images per epoch (%)", "percent",
                    m -> m.startsWith("class_")));

    /**
     * Writes the CSV and one PNG per family of curves that has at least one metric: {@code loss.png},
     * {@code accuracy.png} (names containing "acc"), {@code scores.png} (a GAN's {@code d_real},
     * {@code d_fake}), {@code wasserstein.png}, {@code elbo.png}, {@code fid.png} and {@code classes.png}.
     */
    public void writeCurves(MetricsLog log) throws IOException {
        log.writeCsv(metricsCsv());
        for (Family f : FAMILIES) {
            String[] names = log.metrics().stream().filter(f.member()).toArray(String[]::new);
            if (names.length > 0) {
                log.plot(file(f.file()), f.title(), f.axis(), names);
            }
        }
    }
}
