package gradiente.mnist.plot;

import gradiente.mnist.image.ImageGrid;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart drawn with Java2D and saved as PNG: training curves such as the losses of G and D per
 * step, D(x) and D(G(z)), or accuracy per epoch (thesis 4.2: watch the discriminator). Axes get nice
 * ticks and grid lines, each series a colour and a legend entry. Immutable; {@code with...}-style
 * methods return modified copies.
 */
public final class LinePlot {
    /** The ten colours of matplotlib's {@code tab10} cycle. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
        new Color(0x17becf)};
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int TOP = 44;
    private static final int BOTTOM = 56;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final int width;
    private final int height;

    private LinePlot(String title, String xLabel, String yLabel, List<Series> series, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
        this.width = width;
        this.height = height;
    }

    /** An empty 900 x 500 plot with a title and axis labels. */
    public static LinePlot of(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel, List.of(), 900, 500);
    }

    /** Adds a curve. */
    public LinePlot add(Series s) {
        List<Series> all = new ArrayList<>(series);
        all.add(s);
        return new LinePlot(title, xLabel, yLabel, all, width, height);
    }

    /** Image size in pixels. */
    public LinePlot size(int w, int h) {
        if (w < 200 || h < 150) {
            throw new IllegalArgumentException("LinePlot: size " + w + "x" + h + " is below the minimum 200x150");
        }
        return new LinePlot(title, xLabel, yLabel, series, w, h);
    }

    /** The curves. */
    public List<Series> series() {
        return series;
    }

    /** Draws the chart. */
    public BufferedImage render() {
        double[] xr = range(true);
        double[] yr = range(false);
        Ticks tx = Ticks.of(xr[0], xr[1], 8);
        Ticks ty = Ticks.of(yr[0], yr[1], 6);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int pw = width - LEFT - RIGHT;
            int ph = height - TOP - BOTTOM;
            Axis ax = new Axis(LEFT, pw, tx.lo(), tx.hi());
            Axis ay = new Axis(TOP + ph, -ph, ty.lo(), ty.hi());
            drawGridAndLabels(g, tx, ty, ax, ay, pw, ph);
            for (int i = 0; i < series.size(); i++) {
                drawSeries(g, series.get(i), PALETTE[i % PALETTE.length], ax, ay);
            }
            drawLegend(g, pw);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders and writes a PNG atomically. */
    public void write(Path png) throws IOException {
        ImageGrid.writePng(render(), png);
    }

    private double[] range(boolean xAxis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    double v = xAxis ? s.x()[i] : s.y()[i];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            throw new IllegalArgumentException("LinePlot '" + title + "': no finite points in " + series.size() + " series");
        }
        return new double[] {min, max};
    }

    /** Linear map from data to pixels. */
    private record Axis(double origin, double length, double lo, double hi) {
        double px(double v) {
            return origin + length * (v - lo) / (hi - lo);
        }
    }

    private void drawGridAndLabels(Graphics2D g, Ticks tx, Ticks ty, Axis ax, Axis ay, int pw, int ph) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < tx.count(); i++) {
            int x = (int) Math.round(ax.px(tx.at(i)));
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            String s = tx.label(tx.at(i));
            g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + fm.getAscent() + 6);
        }
        for (int i = 0; i < ty.count(); i++) {
            int y = (int) Math.round(ay.px(ty.at(i)));
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.DARK_GRAY);
            String s = ty.label(ty.at(i));
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString(xLabel, LEFT + (pw - fm.stringWidth(xLabel)) / 2, height - 14);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + (ph + fm.stringWidth(yLabel)) / 2), 20);
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        FontMetrics tf = g.getFontMetrics();
        g.drawString(title, (width - tf.stringWidth(title)) / 2, 28);
    }

    private static void drawSeries(Graphics2D g, Series s, Color color, Axis ax, Axis ay) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        int finite = 0;
        for (int i = 0; i < s.size(); i++) {
            double x = s.x()[i];
            double y = s.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                pen = false;
                continue;
            }
            finite++;
            if (pen) {
                path.lineTo(ax.px(x), ay.px(y));
            } else {
                path.moveTo(ax.px(x), ay.px(y));
                pen = true;
            }
        }
        g.draw(path);
        if (finite <= 40) {
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    g.fillOval((int) Math.round(ax.px(s.x()[i])) - 3, (int) Math.round(ay.px(s.y()[i])) - 3, 6, 6);
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private void drawLegend(Graphics2D g, int pw) {
        if (series.isEmpty()) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int textW = 0;
        for (Series s : series) {
            textW = Math.max(textW, fm.stringWidth(s.name()));
        }
        int rowH = fm.getHeight() + 2;
        int boxW = textW + 40;
        int boxH = rowH * series.size() + 8;
        int x0 = LEFT + pw - boxW - 8;
        int y0 = TOP + 8;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x0, y0, boxW, boxH);
        g.setColor(Color.GRAY);
        g.drawRect(x0, y0, boxW, boxH);
        for (int i = 0; i < series.size(); i++) {
            int y = y0 + 4 + rowH * i + rowH / 2;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(x0 + 8, y, x0 + 28, y);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).name(), x0 + 34, y + fm.getAscent() / 2 - 1);
        }
    }
}
