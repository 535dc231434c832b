package gradiente.cuda;

/**
 * Turns the errors of loading JCuda's native libraries into one readable line. JCuda's
 * {@code LibUtils} first tries {@code System.loadLibrary} and then extracts the library from its jar,
 * so an {@link UnsatisfiedLinkError} carries nested causes; the innermost usually names the missing
 * system library (e.g. {@code libcuda.so.1: cannot open shared object file}, meaning no NVIDIA driver,
 * or {@code libcudnn.so.9}, meaning no cuDNN 9 on the library path).
 */
final class NativeErrors {
    private NativeErrors() {
    }

    /** The most specific message in a chain of causes, with a hint for the common missing libraries. */
    static String describe(Throwable t) {
        String best = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank()) {
                best = m;
            }
        }
        String text = best == null ? t.toString() : t.getClass().getSimpleName() + ": " + firstLine(best);
        String nested = best == null ? null : lastNestedError(best);
        if (nested != null) {
            text = text + ": " + nested;
        }
        return text + hint(text);
    }

    /**
     * LibUtils puts the nested stack traces into the message; the last {@code UnsatisfiedLinkError}
     * line (from extracting the library out of the jar) names the missing dependency.
     */
    private static String lastNestedError(String message) {
        String marker = "java.lang.UnsatisfiedLinkError: ";
        String found = null;
        for (String line : message.split("\n")) {
            String l = line.trim();
            if (l.startsWith(marker)) {
                found = l.substring(marker.length());
            }
        }
        return found;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String hint(String text) {
        if (text.contains("libcuda.so")) {
            return " (no NVIDIA driver installed: libcuda.so.1 not found)";
        }
        if (text.contains("libcudnn")) {
            return " (cuDNN 9 not found: add the folder holding libcudnn.so.9, e.g. site-packages/nvidia/cudnn/lib,"
                    + " to LD_LIBRARY_PATH before starting Java)";
        }
        if (text.contains("libcublas")) {
            return " (cuBLAS 12 not found; JCublas 12.6 needs libcublas.so.12)";
        }
        return "";
    }
}
