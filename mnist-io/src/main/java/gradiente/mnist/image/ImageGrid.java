package gradiente.mnist.image;

import gradiente.tensor.io.AtomicFiles;
import gradiente.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Lays {@code N} images out as a {@code rows x cols} grid PNG, like torchvision's {@code make_grid} and
 * the sample figures of the thesis (figures 55-56, 69). Input {@code [N, C, H, W]} with {@code C = 1}
 * (grey) or {@code C = 3} (RGB), or {@code [N, H, W]}; values in {@code [lo, hi]} map linearly to
 * {@code 0..255} and are clamped. Cells are separated (and surrounded) by {@code padding} pixels of a
 * grey level; the whole grid is then enlarged {@code scale} times (nearest neighbour).
 *
 * <p>Size: {@code width = scale * (cols * W + (cols + 1) * padding)}, {@code rows = ceil(N / cols)},
 * likewise for the height. Immutable; the {@code with...} methods return modified copies.
 */
public final class ImageGrid {
    private final int columns;
    private final int padding;
    private final int padGrey;
    private final double lo;
    private final double hi;
    private final int scale;

    private ImageGrid(int columns, int padding, int padGrey, double lo, double hi, int scale) {
        if (padding < 0 || scale < 1 || padGrey < 0 || padGrey > 255 || !(hi > lo)) {
            throw new IllegalArgumentException("ImageGrid: bad settings padding=" + padding + " scale=" + scale + " padGrey="
                    + padGrey + " range=[" + lo + ", " + hi + "]");
        }
        this.columns = columns;
        this.padding = padding;
        this.padGrey = padGrey;
        this.lo = lo;
        this.hi = hi;
        this.scale = scale;
    }

    /** Defaults: columns {@code ceil(sqrt(N))}, padding 2 of grey 128, range [0, 1], scale 1. */
    public static ImageGrid defaults() {
        return new ImageGrid(0, 2, 128, 0, 1, 1);
    }

    /** Fixed number of columns (0: {@code ceil(sqrt(N))}). */
    public ImageGrid columns(int cols) {
        if (cols < 0) {
            throw new IllegalArgumentException("ImageGrid: columns must be >= 0, got " + cols);
        }
        return new ImageGrid(cols, padding, padGrey, lo, hi, scale);
    }

    /** Padding in pixels (before scaling) and its grey level 0..255. */
    public ImageGrid padding(int pixels, int grey) {
        return new ImageGrid(columns, pixels, grey, lo, hi, scale);
    }

    /** Values mapped to black and white, e.g. {@code (-1, 1)} for tanh outputs. */
    public ImageGrid range(double black, double white) {
        return new ImageGrid(columns, padding, padGrey, black, white, scale);
    }

    /** Integer enlargement factor. */
    public ImageGrid scale(int factor) {
        return new ImageGrid(columns, padding, padGrey, lo, hi, factor);
    }

    /** Columns used for {@code n} images. */
    public int columnsFor(int n) {
        if (columns > 0) {
            return Math.min(columns, Math.max(1, n));
        }
        return Math.max(1, (int) Math.ceil(Math.sqrt(n)));
    }

    /** Renders the grid. */
    public BufferedImage render(Tensor images) {
        int[] s = images.shape();
        if (images.rank() == 3) {
            s = new int[] {s[0], 1, s[1], s[2]};
        } else if (images.rank() != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException("ImageGrid: images must be [N,1,H,W], [N,3,H,W] or [N,H,W], got "
                    + images.shapeString());
        }
        int n = s[0];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        if (n == 0) {
            throw new IllegalArgumentException("ImageGrid: no images to lay out (" + images.shapeString() + ")");
        }
        int cols = columnsFor(n);
        int rows = (n + cols - 1) / cols;
        int gw = cols * w + (cols + 1) * padding;
        int gh = rows * h + (rows + 1) * padding;
        float[] px = images.contiguous().toFloatArray();
        BufferedImage img = new BufferedImage(gw * scale, gh * scale, c == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        WritableRaster r = img.getRaster();
        int bands = r.getNumBands();
        int[] pad = new int[bands];
        java.util.Arrays.fill(pad, padGrey);
        int[] pixel = new int[bands];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int[] v = cellPixel(px, n, c, h, w, cols, x, y, pixel) ? pixel : pad;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        r.setPixel(x * scale + dx, y * scale + dy, v);
                    }
                }
            }
        }
        return img;
    }

    /** Fills {@code out} with the image pixel under grid point (x, y); false on padding or empty cells. */
    private boolean cellPixel(float[] px, int n, int c, int h, int w, int cols, int x, int y, int[] out) {
        int cx = x - padding;
        int cy = y - padding;
        if (cx < 0 || cy < 0) {
            return false;
        }
        int col = cx / (w + padding);
        int row = cy / (h + padding);
        int ix = cx % (w + padding);
        int iy = cy % (h + padding);
        int k = row * cols + col;
        if (ix >= w || iy >= h || col >= cols || k >= n) {
            return false;
        }
        for (int ch = 0; ch < out.length; ch++) {
            out[ch] = toByte(px[((k * c + ch) * h + iy) * w + ix]);
        }
        return true;
    }

    /** Maps a value to 0..255: {@code round(255 (v - lo) / (hi - lo))}, clamped; NaN becomes 0. */
    public int toByte(double v) {
        double t = Math.rint(255.0 * (v - lo) / (hi - lo));
        if (!(t > 0)) {
            return 0;
        }
        return (int) Math.min(255, t);
    }

    /** Renders and writes a PNG atomically. */
    public BufferedImage write(Tensor images, Path png) throws IOException {
        BufferedImage img = render(images);
        writePng(img, png);
        return img;
    }

    /** Height in pixels of the caption strip under each cell of a captioned grid. */
    public static final int CAPTION_HEIGHT = 14;

    /**
     * Renders the grid with a caption under every image (e.g. {@code 7->2 0.99} for a test image the
     * classifier got wrong, thesis figure 69), white text on a dark strip of {@link #CAPTION_HEIGHT}
     * pixels. Size: {@code width = cols * scale * W + (cols + 1) * scale * padding},
     * {@code height = rows * (scale * H + CAPTION_HEIGHT) + (rows + 1) * scale * padding}.
     */
    public BufferedImage renderCaptioned(Tensor images, List<String> captions) {
        int n = images.size(0);
        if (captions.size() != n) {
            throw new IllegalArgumentException("ImageGrid: " + n + " images " + images.shapeString() + " but " + captions.size()
                    + " captions");
        }
        ImageGrid single = new ImageGrid(1, 0, padGrey, lo, hi, scale);
        int cols = columnsFor(n);
        int rows = (n + cols - 1) / cols;
        BufferedImage first = single.render(images.narrow(0, 0, 1));
        int cw = first.getWidth();
        int ch = first.getHeight();
        int pad = padding * scale;
        BufferedImage out = new BufferedImage(cols * cw + (cols + 1) * pad, rows * (ch + CAPTION_HEIGHT) + (rows + 1) * pad,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(padGrey, padGrey, padGrey));
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            FontMetrics fm = g.getFontMetrics();
            for (int k = 0; k < n; k++) {
                int x = pad + (k % cols) * (cw + pad);
                int y = pad + (k / cols) * (ch + CAPTION_HEIGHT + pad);
                g.drawImage(k == 0 ? first : single.render(images.narrow(0, k, 1)), x, y, null);
                g.setColor(new Color(32, 32, 32));
                g.fillRect(x, y + ch, cw, CAPTION_HEIGHT);
                g.setColor(Color.WHITE);
                String c = captions.get(k);
                g.drawString(c, x + Math.max(1, (cw - fm.stringWidth(c)) / 2), y + ch + CAPTION_HEIGHT - 3);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Renders a captioned grid and writes it as PNG atomically. */
    public BufferedImage writeCaptioned(Tensor images, List<String> captions, Path png) throws IOException {
        BufferedImage img = renderCaptioned(images, captions);
        writePng(img, png);
        return img;
    }

    /** Writes any image as PNG atomically (temp file + rename). */
    public static void writePng(BufferedImage img, Path png) throws IOException {
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available in this JDK");
            }
        });
    }
}
