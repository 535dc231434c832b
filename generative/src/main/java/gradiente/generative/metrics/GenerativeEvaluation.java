package gradiente.generative.metrics;

import gradiente.mnist.Dataset;
import gradiente.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The score of a generator's images by the fixed {@link EvalClassifier} (issue 5): the class
 * histogram with the mode-collapse alarm (a digit under {@value #LOW_PERCENT}% or over
 * {@value #HIGH_PERCENT}% of the images), the mean confidence, the Frechet distance between the
 * Gaussians of the penultimate features of the generated images and of the real reference images
 * ("MNIST FID"; {@link FrechetDistance}), the real-vs-real floor beside it, and, for a conditional
 * generator, the fraction of images classified as the class they were asked to be.
 *
 * @param images    number of images scored
 * @param histogram predicted classes and mean confidence
 * @param fid       Frechet distance to the reference statistics
 * @param floor     Frechet distance between two real sets of the same size (NaN when unknown)
 * @param agreement fraction classified as requested, NaN for an unconditional generator
 */
public record GenerativeEvaluation(int images, ClassHistogram histogram, double fid, double floor, double agreement) {
    /** Lower end of a healthy class share, in percent. */
    public static final int LOW_PERCENT = 5;
    /** Upper end of a healthy class share, in percent. */
    public static final int HIGH_PERCENT = 20;

    /**
     * Scores {@code n} images from {@code source}.
     *
     * @param real   statistics of the real images' features
     * @param wanted the class each image was generated as (conditional models), or null
     */
    public static GenerativeEvaluation of(EvalClassifier classifier, ImageSource source, int n, int batch,
            EvalClassifier.RealStats real, int[] wanted) {
        if (real == null) {
            throw new IllegalArgumentException("eval-gen: no statistics of real images to compare with; use a classifier"
                    + " file that holds them (eval-classifier writes them) or compute them with realStats");
        }
        Tensor images = source.images(n);
        if (images.size(0) != n) {
            throw new IllegalArgumentException("eval-gen: the image source gave " + images.shapeString() + " for " + n
                    + " images");
        }
        EvalClassifier.Scores s = classifier.score(images, batch);
        Tensor[] m = FrechetDistance.moments(s.features());
        double fid = FrechetDistance.fromMoments(m[0], m[1], real.mu(), real.cov());
        return new GenerativeEvaluation(n, s.histogram(classifier.network().classes()), fid, real.floor(),
                wanted == null ? Double.NaN : s.agreement(wanted));
    }

    /**
     * Statistics of real images for {@link #of}: the features' mean and covariance of {@code reference},
     * and as the floor the Frechet distance between {@code reference} and {@code other} (another real
     * set of the same size, e.g. training images when the reference is the test set).
     */
    public static EvalClassifier.RealStats realStats(EvalClassifier classifier, Tensor reference, Tensor other, int batch,
            String description) {
        Tensor[] a = FrechetDistance.moments(classifier.score(reference, batch).features());
        Tensor[] b = FrechetDistance.moments(classifier.score(other, batch).features());
        return new EvalClassifier.RealStats(a[0], a[1], FrechetDistance.fromMoments(a[0], a[1], b[0], b[1]), description);
    }

    /**
     * Statistics of the test images, with as the floor their distance to the first as-many training
     * images (MNIST: 10,000 test images against training images 0..9,999).
     */
    public static EvalClassifier.RealStats realStats(EvalClassifier classifier, Dataset test, Dataset train, int batch) {
        Dataset other = train.slice(0, Math.min(test.size(), train.size()));
        return realStats(classifier, test.images(), other.images(), batch,
                test.name() + " (" + test.size() + " images) vs " + other.name());
    }

    /** True when some class is under 5% or over 20% of the images. */
    public boolean modeCollapse() {
        return histogram.modeCollapse(LOW_PERCENT / 100.0, HIGH_PERCENT / 100.0);
    }

    /** The histogram, the alarm and the line {@code fid=... (real-vs-real floor ...)}. */
    public String report() {
        StringBuilder sb = new StringBuilder(histogram.render(LOW_PERCENT / 100.0, HIGH_PERCENT / 100.0));
        if (!Double.isNaN(agreement)) {
            sb.append(String.format(Locale.ROOT, "conditional_accuracy=%.4f (images classified as the digit requested)%n",
                    agreement));
        }
        sb.append(String.format(Locale.ROOT, "fid=%.4f  real_vs_real_floor=%.4f  (%d images)%n", fid, floor, images));
        return sb.toString();
    }

    /** Values for a metrics JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images);
        m.put("class_counts", Arrays.stream(histogram.counts()).boxed().toList());
        m.put("mean_confidence", histogram.meanConfidence());
        m.put("mode_collapse", modeCollapse());
        if (!Double.isNaN(agreement)) {
            m.put("conditional_accuracy", agreement);
        }
        m.put("fid", fid);
        m.put("real_vs_real_floor", floor);
        return m;
    }
}
