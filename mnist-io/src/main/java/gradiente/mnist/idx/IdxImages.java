package gradiente.mnist.idx;

/**
 * Images read from an IDX file: {@code count} images of {@code rows x cols} unsigned-byte pixels,
 * row-major, image after image ({@code pixels.length == count * rows * cols}).
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {
    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("IdxImages: bad dimensions [" + count + "," + rows + "," + cols + "]");
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("IdxImages: " + pixels.length + " pixels do not fill [" + count + ","
                    + rows + "," + cols + "]");
        }
    }

    /** Pixel {@code (r, c)} of image {@code i} as 0..255. */
    public int pixel(int i, int r, int c) {
        return pixels[(i * rows + r) * cols + c] & 0xFF;
    }
}
