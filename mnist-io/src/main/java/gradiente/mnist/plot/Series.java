package gradiente.mnist.plot;

/**
 * One named curve of a {@link LinePlot}: points {@code (x[i], y[i])}. Non-finite values (NaN, infinity)
 * leave a gap in the line.
 */
public record Series(String name, double[] x, double[] y) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series " + name + ": " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    /** Values plotted against their position 0, 1, 2, ... */
    public static Series of(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new Series(name, x, y);
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }
}
