package gradiente.generative.metrics;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.generative.classify.CnnClassifier;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed evaluation classifier of generated digits (issue 5): the thesis 4.1 CNN
 * ({@link CnnClassifier}) trained once with a fixed seed, its weights kept in the repository as the
 * resource {@value #RESOURCE} beside this class, with the SHA-256 of the file in
 * {@value #RESOURCE}{@code .sha256} (verified at every load: a different file is an error, not a
 * silently different metric). The same file holds the Gaussian statistics of the classifier's
 * penultimate features on the real images ({@link RealStats}: the 10,000 MNIST test images, and the
 * real-vs-real floor), so that {@code eval-gen} needs to run only the generated images.
 *
 * <p>It gives, for images {@code [N,1,28,28]} with pixels in {@code [0,1]}: the logits {@code [N,10]},
 * the probabilities {@code softmax(logits)}, and the features {@code [N,64]} of the penultimate layer
 * (dense 64 after its ReLU) whose Frechet distance is the "MNIST FID".
 *
 * <p>Regenerate it with {@code ./gradiente train cnn --seed 1234 --out runs/eval-cnn} followed by
 * {@code ./gradiente eval-classifier --checkpoint runs/eval-cnn/checkpoint.safetensors}, which writes
 * both files into {@code generative/src/main/resources/gradiente/generative/metrics/}.
 */
public final class EvalClassifier {
    /** File name of the bundled weights (a resource in this class's package). */
    public static final String RESOURCE = "eval-cnn.safetensors";
    /** Suffix of the companion checksum file ({@code sha256sum} format). */
    public static final String SHA_SUFFIX = ".sha256";
    /** Tensor-name prefix of the real-image statistics inside the file. */
    static final String STATS = "stats/";

    private final CnnClassifier net;
    private final Map<String, String> info;
    private final RealStats real;
    private final String sha256;
    private Device device = Device.CPU;

    /**
     * Real-image statistics of the penultimate features.
     *
     * @param mu          mean {@code [64]} (float64) of the features of the reference images
     * @param cov         covariance {@code [64,64]} (float64)
     * @param floor       Frechet distance between the reference images and another real set of the same
     *                    size (the lowest score a perfect generator can expect), or NaN when unknown
     * @param description which images, e.g. {@code mnist/test (10000) vs mnist/train[0:10000]}
     */
    public record RealStats(Tensor mu, Tensor cov, double floor, String description) {
    }

    /** Wraps a trained network without real-image statistics (tests, or statistics computed later). */
    public EvalClassifier(CnnClassifier net) {
        this(net, Map.of(), null, null);
    }

    private EvalClassifier(CnnClassifier net, Map<String, String> info, RealStats real, String sha256) {
        this.net = net;
        this.info = Map.copyOf(info);
        this.real = real;
        this.sha256 = sha256;
        net.eval();
    }

    // ------------------------------------------------------------------ loading and saving

    /** The classifier committed in the repository, checksum verified. */
    public static EvalClassifier bundled() throws IOException {
        byte[] bytes;
        String sums;
        try (InputStream in = EvalClassifier.class.getResourceAsStream(RESOURCE);
                InputStream sha = EvalClassifier.class.getResourceAsStream(RESOURCE + SHA_SUFFIX)) {
            if (in == null || sha == null) {
                throw new IllegalStateException("eval classifier: the resource " + RESOURCE + " or its " + SHA_SUFFIX
                        + " file is missing from the build (generative/src/main/resources/gradiente/generative/metrics/);"
                        + " regenerate it with './gradiente train cnn --seed 1234 --out runs/eval-cnn' and"
                        + " './gradiente eval-classifier --checkpoint runs/eval-cnn/checkpoint.safetensors'");
            }
            bytes = in.readAllBytes();
            sums = new String(sha.readAllBytes(), StandardCharsets.US_ASCII);
        }
        return fromBytes(bytes, expectedSha(sums, "resource " + RESOURCE + SHA_SUFFIX), "resource " + RESOURCE);
    }

    /** A classifier file written by {@link #save}, verified against {@code FILE.sha256}. */
    public static EvalClassifier load(Path file) throws IOException {
        Path shaFile = file.resolveSibling(file.getFileName() + SHA_SUFFIX);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(shaFile)) {
            throw new IllegalArgumentException("eval classifier: " + file + " and its checksum " + shaFile
                    + " must both exist ('./gradiente eval-classifier' writes the pair)");
        }
        return fromBytes(Files.readAllBytes(file), expectedSha(Files.readString(shaFile), shaFile.toString()), file.toString());
    }

    private static String expectedSha(String sums, String where) {
        String hex = sums.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("eval classifier: " + where + " does not start with a SHA-256 in hex");
        }
        return hex;
    }

    static EvalClassifier fromBytes(byte[] bytes, String expected, String where) throws IOException {
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IllegalStateException("eval classifier: the SHA-256 of " + where + " is " + actual + " but its checksum"
                    + " file says " + expected + ": the weights are corrupt or were replaced without their checksum, so"
                    + " its scores would not be comparable. Restore both files from the repository, or regenerate both"
                    + " with './gradiente eval-classifier'.");
        }
        Path tmp = Files.createTempFile("gradiente-eval-cnn", ".safetensors");
        SafeTensors.Contents c;
        try {
            Files.write(tmp, bytes);
            c = SafeTensors.read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (!k.startsWith(STATS)) {
                weights.put(k, v);
            }
        });
        Tensor first = weights.get("0.weight");
        if (first == null || first.rank() != 4) {
            throw new IllegalArgumentException("eval classifier: " + where + " holds no CnnClassifier (no tensor '0.weight'"
                    + " [filters, 1, 3, 3]); its tensors are " + c.tensors().keySet());
        }
        Map<String, String> meta = c.metadata();
        int h = Integer.parseInt(meta.getOrDefault("height", "28"));
        int w = Integer.parseInt(meta.getOrDefault("width", "28"));
        int classes = weights.get("10.bias") != null ? weights.get("10.bias").size(0) : 10;
        CnnClassifier net = new CnnClassifier(h, w, classes, first.size(0), CnnClassifier.DEFAULT_DROPOUT,
                new Generator(0), new Generator(0));
        net.loadStateDict(weights, true);
        RealStats real = null;
        if (c.tensors().containsKey(STATS + "mu")) {
            real = new RealStats(c.tensors().get(STATS + "mu"), c.tensors().get(STATS + "cov"),
                    Double.parseDouble(meta.getOrDefault("real_floor", "NaN")), meta.getOrDefault("real_images", "?"));
        }
        return new EvalClassifier(net, meta, real, actual);
    }

    /**
     * Writes the weights, the real-image statistics (optional) and {@code info} to {@code file}, and its
     * SHA-256 to {@code file.sha256}; returns the checksum.
     */
    public static String save(Path file, CnnClassifier net, RealStats real, Map<String, String> info) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> tensors.put(k, v.to(Device.CPU).contiguous()));
        Map<String, String> meta = new LinkedHashMap<>(info);
        if (real != null) {
            tensors.put(STATS + "mu", real.mu().to(Device.CPU).contiguous());
            tensors.put(STATS + "cov", real.cov().to(Device.CPU).contiguous());
            meta.put("real_floor", Double.toString(real.floor()));
            meta.put("real_images", real.description());
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        SafeTensors.write(file, tensors, meta);
        String sha = sha256(Files.readAllBytes(file));
        Files.writeString(file.resolveSibling(file.getFileName() + SHA_SUFFIX), sha + "  " + file.getFileName() + "\n");
        return sha;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ use

    /** Moves the network to a device (images are moved to it batch by batch). */
    public EvalClassifier to(Device d) {
        net.to(d);
        device = d;
        return this;
    }

    /** The network (in evaluation mode). */
    public CnnClassifier network() {
        return net;
    }

    /** Metadata recorded with the weights (seed, epochs, test accuracy, ...). */
    public Map<String, String> info() {
        return info;
    }

    /** Statistics of the real images' features, or null when the file has none. */
    public RealStats realStats() {
        return real;
    }

    /** SHA-256 of the loaded file, or null for a wrapped network. */
    public String sha256() {
        return sha256;
    }

    /** Logits {@code [N, 10]} for images {@code [N,1,H,W]} in [0,1]. */
    public Tensor logits(Tensor images) {
        try (var scope = GradMode.noGrad()) {
            return net.forward(new Variable(checked(images))).data();
        }
    }

    /** Class probabilities {@code softmax(logits) [N, 10]}. */
    public Tensor probabilities(Tensor images) {
        return logits(images).softmax(1);
    }

    /** Penultimate-layer features {@code [N, 64]}. */
    public Tensor features(Tensor images) {
        try (var scope = GradMode.noGrad()) {
            return net.features(new Variable(checked(images))).data();
        }
    }

    /**
     * Features, predicted classes and confidences of many images, {@code batch} at a time.
     *
     * @param images {@code [N,1,H,W]} in [0,1], on any device
     */
    public Scores score(Tensor images, int batch) {
        int n = images.size(0);
        int d = CnnClassifier.HIDDEN;
        double[] feats = new double[n * d];
        int[] predicted = new int[n];
        double[] confidence = new double[n];
        try (var scope = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batch) {
                int len = Math.min(batch, n - from);
                Variable x = new Variable(checked(images.narrow(0, from, len).contiguous()));
                Variable f = net.features(x);
                Tensor p = net.logitsFromFeatures(f).data().softmax(1);
                System.arraycopy(f.data().toDoubleArray(), 0, feats, from * d, len * d);
                double[] arg = p.argmax(1, false).toDoubleArray();
                double[] max = p.max(1, false).toDoubleArray();
                for (int i = 0; i < len; i++) {
                    predicted[from + i] = (int) arg[i];
                    confidence[from + i] = max[i];
                }
            }
        }
        return new Scores(Tensor.of(feats, n, d), predicted, confidence);
    }

    private Tensor checked(Tensor images) {
        if (images.rank() != 4 || images.size(1) != 1) {
            throw new IllegalArgumentException("eval classifier: images must be [N, 1, H, W], got " + images.shapeString());
        }
        return images.device().equals(device) ? images : images.to(device);
    }

    /**
     * What the classifier says about a set of images.
     *
     * @param features   penultimate features {@code [N, 64]}, float64, on the CPU
     * @param predicted  arg-max class of each image
     * @param confidence the arg-max class's probability
     */
    public record Scores(Tensor features, int[] predicted, double[] confidence) {
        /** Images per class and the mean confidence. */
        public ClassHistogram histogram(int classes) {
            int[] counts = new int[classes];
            double sum = 0;
            for (int i = 0; i < predicted.length; i++) {
                counts[predicted[i]]++;
                sum += confidence[i];
            }
            return new ClassHistogram(counts, predicted.length == 0 ? Double.NaN : sum / predicted.length);
        }

        /** Fraction of images whose predicted class is {@code wanted[i]} (a conditional generator's accuracy). */
        public double agreement(int[] wanted) {
            if (wanted.length != predicted.length) {
                throw new IllegalArgumentException("eval classifier: " + wanted.length + " requested classes for "
                        + predicted.length + " images");
            }
            int same = 0;
            for (int i = 0; i < wanted.length; i++) {
                same += wanted[i] == predicted[i] ? 1 : 0;
            }
            return (double) same / wanted.length;
        }
    }
}
