package gradiente.mnist;

/** The two halves of MNIST and Fashion-MNIST and their IDX file names. */
public enum Split {
    /** 60,000 training images. */
    TRAIN("train"),
    /** 10,000 test images. */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }

    /** {@code train-images-idx3-ubyte} or {@code t10k-images-idx3-ubyte}. */
    public String imagesFile() {
        return prefix + "-images-idx3-ubyte";
    }

    /** {@code train-labels-idx1-ubyte} or {@code t10k-labels-idx1-ubyte}. */
    public String labelsFile() {
        return prefix + "-labels-idx1-ubyte";
    }

    /** Parses {@code train} or {@code test} (case-insensitive). */
    public static Split parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "train" -> TRAIN;
            case "test", "t10k" -> TEST;
            default -> throw new IllegalArgumentException("split: expected train or test, got '" + text + "'");
        };
    }
}
