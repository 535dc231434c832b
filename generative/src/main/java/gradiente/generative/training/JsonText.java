package gradiente.generative.training;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes small JSON documents (run summaries): maps become objects in their iteration order,
 * collections and {@code double[]} arrays become arrays, numbers and booleans are literal (non-finite
 * numbers become {@code null}), everything else is a quoted string.
 */
public final class JsonText {
    private JsonText() {
    }

    /** The value as indented JSON followed by a newline. */
    public static String of(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String inner = indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "\n" : ",\n").append(inner).append(quote(String.valueOf(e.getKey()))).append(": ");
                write(sb, e.getValue(), inner);
                first = false;
            }
            sb.append(first ? "}" : "\n" + indent + "}");
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                sb.append(first ? "" : ", ");
                write(sb, o, indent);
                first = false;
            }
            sb.append(']');
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ");
                write(sb, a[i], indent);
            }
            sb.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v == null) {
            sb.append("null");
        } else {
            sb.append(quote(v.toString()));
        }
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** A JSON string literal: quotes and backslashes escaped, control characters as {@code \\uXXXX}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.chars().forEach(c -> sb.append(c == '"' || c == '\\' ? "\\" + (char) c
                : c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", c) : Character.toString(c)));
        return sb.append('"').toString();
    }
}
