package gradiente.generative.recipes;

import gradiente.generative.gan.GeneratorNet;
import gradiente.generative.metrics.EvalClassifier;
import gradiente.generative.metrics.GenerativeEvaluation;
import gradiente.generative.metrics.ImageSource;
import gradiente.generative.sample.Decoders;
import gradiente.generative.sample.LatentDecoder;
import gradiente.generative.training.EpochReport;
import gradiente.generative.training.JsonText;
import gradiente.generative.training.SettingException;
import gradiente.generative.training.TrainingListener;
import gradiente.tensor.io.AtomicFiles;
import gradiente.tensor.Generator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every {@code every} epochs, scores G (and the weight average) exactly as {@code eval-gen --generator}
 * does: {@code count} images from the latent vectors of seed 1, classified by the bundled evaluation CNN,
 * give the Frechet distance to the real test images' features, the class histogram and the mode-collapse
 * alarm. Writes {@code eval/epoch_NNN.json} ({@code _ema} for the average), prints the report and records
 * {@code fid}, {@code class_min_pct}, {@code class_max_pct} (and {@code acc_requested} for a conditional
 * model; {@code _ema} suffixes for the average) in the epoch's row.
 */
public final class GanScores implements TrainingListener<GanRun> {
    private static final int CHUNK = 500;
    private final int every;
    private final int count;
    private final PrintStream out;
    private EvalClassifier classifier;

    /**
     * @param every epochs between scores, 0 for never
     * @param count images scored (10,000 is the convention)
     * @param out   where the report goes
     */
    public GanScores(int every, int count, PrintStream out) {
        if (every < 0) {
            throw new SettingException("GanScores", "evalEvery", "must be >= 0 (0 = never), got " + every);
        }
        if (every > 0 && count < 2) {
            throw new SettingException("GanScores", "evalCount", "must be >= 2 (10,000 is the convention), got " + count);
        }
        this.every = every;
        this.count = count;
        this.out = out;
    }

    @Override
    public void epochEnded(GanRun run, EpochReport report) throws IOException {
        int epoch = report.epoch();
        if (every == 0 || epoch % every != 0) {
            return;
        }
        report.recordAll(score(run, run.generator(), "", epoch));
        if (run.average() != null) {
            report.recordAll(score(run, run.average(), "_ema", epoch));
        }
    }

    private Map<String, Double> score(GanRun run, GeneratorNet net, String suffix, int epoch) throws IOException {
        if (classifier == null) {
            classifier = EvalClassifier.bundled().to(run.device());
        }
        LatentDecoder dec = Decoders.of(run.spec(), net, run.device());
        GenerativeEvaluation ev = GenerativeEvaluation.of(classifier, ImageSource.of(dec, new Generator(1), CHUNK),
                count, CHUNK, classifier.realStats(), ImageSource.requestedClasses(dec, count));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", (suffix.isEmpty() ? "generator" : "weight average (--ema " + run.recipe().ema() + ")")
                + " after epoch " + epoch + " (seed 1)");
        json.put("classifier_sha256", classifier.sha256());
        json.put("real_images", classifier.realStats().description());
        json.putAll(ev.toMap());
        Files.createDirectories(run.folder().file("eval"));
        AtomicFiles.writeString(run.folder().file(String.format(Locale.ROOT, "eval/epoch_%03d%s.json", epoch, suffix)),
                JsonText.of(json));
        out.println();
        out.printf(Locale.ROOT, "eval-gen after epoch %d, %s:%n", epoch, suffix.isEmpty() ? "G" : "weight average of G");
        out.print(ev.report());
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
}
