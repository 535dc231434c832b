package gradiente.mnist.image;

import gradiente.mnist.AtomicFiles;
import gradiente.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
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

    /** Writes any image as PNG atomically (temp file + rename). */
    public static void writePng(BufferedImage img, Path png) throws IOException {
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available in this JDK");
            }
        });
    }
}
