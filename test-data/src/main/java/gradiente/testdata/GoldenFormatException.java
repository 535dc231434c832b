package gradiente.testdata;

/** A golden file that is missing, unreadable or malformed; the message names the resource and where. */
public final class GoldenFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GoldenFormatException(String message) {
        super(message);
    }

    GoldenFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
