package gradiente.generative.training;

import gradiente.nn.checkpoint.Json;

/**
 * Writes small JSON documents (run summaries) through the project's one JSON codec,
 * {@link Json#write}: maps become objects in their iteration order, collections and {@code double[]}
 * arrays become arrays, numbers and booleans are literal (non-finite numbers become {@code null}),
 * everything else is a quoted string.
 */
public final class JsonText {
    private JsonText() {
    }

    /** The value as indented JSON followed by a newline ({@link Json#write}). */
    public static String of(Object value) {
        return Json.write(value);
    }

    /** A JSON string literal ({@link Json#quote}). */
    public static String quote(String s) {
        return Json.quote(s);
    }
}
