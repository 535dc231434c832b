package gradiente.mnist.plot;

import gradiente.mnist.image.ImageGrid;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The confusion matrix of a classifier: {@code count(t, p)} is how many images of true class {@code t}
 * were predicted as {@code p}. The diagonal holds the hits; overall accuracy is the trace over the total
 * and the accuracy of class {@code t} is {@code count(t, t) / sum_p count(t, p)}. Printed as a text
 * table and drawn as a PNG heat map (thesis 4.1's evaluation).
 */
public final class ConfusionMatrix {
    private final List<String> classNames;
    private final long[][] counts;

    private ConfusionMatrix(List<String> classNames, long[][] counts) {
        this.classNames = List.copyOf(classNames);
        this.counts = counts;
    }

    /** Counts pairs of true and predicted classes. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classNames) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + actual.length + " true labels but " + predicted.length
                    + " predictions");
        }
        int k = classNames.size();
        long[][] c = new long[k][k];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("ConfusionMatrix: pair " + i + " (true " + actual[i] + ", predicted "
                        + predicted[i] + ") is outside 0.." + (k - 1));
            }
            c[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(classNames, c);
    }

    /** Number of classes. */
    public int numClasses() {
        return counts.length;
    }

    /** Images of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Number of pairs counted. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    /** Fraction on the diagonal (NaN when empty). */
    public double accuracy() {
        long hits = 0;
        for (int i = 0; i < counts.length; i++) {
            hits += counts[i][i];
        }
        return (double) hits / total();
    }

    /** Accuracy of each true class (NaN for a class with no images). */
    public double[] perClassAccuracy() {
        double[] a = new double[counts.length];
        for (int t = 0; t < counts.length; t++) {
            long row = 0;
            for (long v : counts[t]) {
                row += v;
            }
            a[t] = (double) counts[t][t] / row;
        }
        return a;
    }

    /** A fixed-width table: one row per true class, one column per prediction, then the class accuracy. */
    public String toTable() {
        int k = counts.length;
        int w = 5;
        for (long[] row : counts) {
            for (long v : row) {
                w = Math.max(w, Long.toString(v).length() + 1);
            }
        }
        int nameW = "true \\ pred".length();
        for (int t = 0; t < k; t++) {
            nameW = Math.max(nameW, rowLabel(t).length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad("true \\ pred", nameW, false));
        for (int p = 0; p < k; p++) {
            sb.append(pad(Integer.toString(p), w, true));
        }
        sb.append("   accuracy\n");
        double[] acc = perClassAccuracy();
        for (int t = 0; t < k; t++) {
            sb.append(pad(rowLabel(t), nameW, false));
            for (int p = 0; p < k; p++) {
                sb.append(pad(Long.toString(counts[t][p]), w, true));
            }
            sb.append(String.format(Locale.ROOT, "   %8.4f%n", acc[t]));
        }
        sb.append(String.format(Locale.ROOT, "overall accuracy %.4f (%d images)%n", accuracy(), total()));
        return sb.toString();
    }

    private String rowLabel(int t) {
        String n = classNames.get(t);
        return n.equals(Integer.toString(t)) ? n : t + " " + n;
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    /**
     * Draws the matrix as a heat map: cell colour from white to dark blue by the row-normalised fraction
     * {@code count(t, p) / sum_p count(t, p)}, the count written in each cell.
     */
    public BufferedImage render() {
        int k = counts.length;
        int cell = 46;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int nameW = 0;
        for (int t = 0; t < k; t++) {
            nameW = Math.max(nameW, pg.getFontMetrics().stringWidth(rowLabel(t)));
        }
        pg.dispose();
        int left = nameW + 44;
        int top = 64;
        int width = left + k * cell + 20;
        int height = top + k * cell + 44;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            String title = String.format(Locale.ROOT, "confusion matrix, accuracy %.4f", accuracy());
            g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            g.drawString("predicted", left + (k * cell - fm.stringWidth("predicted")) / 2, height - 14);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString("true", -(top + (k * cell + fm.stringWidth("true")) / 2), 16);
            g.setTransform(saved);
            for (int t = 0; t < k; t++) {
                long row = 0;
                for (long v : counts[t]) {
                    row += v;
                }
                g.setColor(Color.BLACK);
                g.drawString(rowLabel(t), left - 6 - fm.stringWidth(rowLabel(t)), top + t * cell + (cell + fm.getAscent()) / 2 - 2);
                String col = Integer.toString(t);
                g.drawString(col, left + t * cell + (cell - fm.stringWidth(col)) / 2, top - 8);
                for (int p = 0; p < k; p++) {
                    double f = row == 0 ? 0 : (double) counts[t][p] / row;
                    g.setColor(heat(f));
                    g.fillRect(left + p * cell, top + t * cell, cell, cell);
                    g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(counts[t][p]);
                    g.drawString(s, left + p * cell + (cell - fm.stringWidth(s)) / 2, top + t * cell + (cell + fm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, k * cell, k * cell);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** White (0) to dark blue (1). */
    static Color heat(double f) {
        double c = Math.max(0, Math.min(1, f));
        int r = (int) Math.round(255 + (8 - 255) * c);
        int gr = (int) Math.round(255 + (48 - 255) * c);
        int b = (int) Math.round(255 + (107 - 255) * c);
        return new Color(r, gr, b);
    }

    /** Writes the heat map as PNG atomically. */
    public void writePng(Path png) throws IOException {
        ImageGrid.writePng(render(), png);
    }
}
