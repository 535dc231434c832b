package gradiente.mnist.idx;

/**
 * The two IDX layouts of MNIST. An IDX magic number is {@code 0x0000TTRR}: two zero bytes, the element
 * type {@code TT} ({@code 0x08} = unsigned byte) and the rank {@code RR}.
 */
public enum IdxType {
    /** {@code [count, rows, cols]} unsigned bytes, magic {@code 0x00000803}. */
    IMAGES(3, "images"),
    /** {@code [count]} unsigned bytes, magic {@code 0x00000801}. */
    LABELS(1, "labels");

    /** Element-type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    private final int rank;
    private final String what;

    IdxType(int rank, String what) {
        this.rank = rank;
        this.what = what;
    }

    /** Number of dimensions in the header. */
    public int rank() {
        return rank;
    }

    /** The 4-byte magic number. */
    public int magic() {
        return (UNSIGNED_BYTE << 8) | rank;
    }

    /** Header length in bytes: the magic number and one 4-byte size per dimension. */
    public int headerBytes() {
        return 4 + 4 * rank;
    }

    /** A phrase for messages, e.g. {@code IDX unsigned-byte images, 3 dimensions}. */
    public String describe() {
        return "IDX unsigned-byte " + what + ", " + rank + (rank == 1 ? " dimension" : " dimensions");
    }

    /** What the data section holds, for messages. */
    public String payload() {
        return this == IMAGES ? "pixel data" : "label data";
    }
}
