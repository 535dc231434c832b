package gradiente.nn.checkpoint;

import gradiente.tensor.io.Numbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's one JSON codec, for safetensors headers and run summaries ({@code metrics.json},
 * evaluation reports): objects (key order kept), arrays, strings, integers, decimals, booleans and
 * null. {@link #parse} reports the character position of an error through {@link Error};
 * {@link #quote} escapes a string; {@link #write} writes a value as indented JSON.
 */
public final class Json {
    /** A syntax error at a character position of the text. */
    public static final class Error extends Exception {
        final int position;

        Error(int position, String message) {
            super(message);
            this.position = position;
        }

        /** The character position of the error in the text. */
        public int position() {
            return position;
        }
    }

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value; objects become LinkedHashMaps, integers Longs, other numbers Doubles. */
    public static Object parse(String text) throws Error {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.i != text.length()) {
            throw new Error(p.i, "unexpected '" + text.charAt(p.i) + "' after the JSON value");
        }
        return v;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() throws Error {
        if (i >= s.length()) {
            throw new Error(i, "unexpected end of JSON");
        }
        return s.charAt(i);
    }

    private void expect(char c) throws Error {
        if (peek() != c) {
            throw new Error(i, "expected '" + c + "' but found '" + s.charAt(i) + "'");
        }
        i++;
    }

    private Object value() throws Error {
        char c = peek();
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new Error(i, "unexpected '" + c + "'");
        }
    }

    private Object literal(String word, Object v) throws Error {
        if (!s.startsWith(word, i)) {
            throw new Error(i, "expected " + word);
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object() throws Error {
        expect('{');
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            skipSpace();
            int at = i;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (m.put(key, value()) != null) {
                throw new Error(at, "duplicate key \"" + key + "\"");
            }
            skipSpace();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array() throws Error {
        expect('[');
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            i++;
            return l;
        }
        while (true) {
            skipSpace();
            l.add(value());
            skipSpace();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private String string() throws Error {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            i++;
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new Error(i - 1, "control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = peek();
            i++;
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw new Error(i, "truncated \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new Error(i, "bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw new Error(i - 1, "bad escape \\" + e);
            }
        }
    }

    private Object number() throws Error {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        boolean integral = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                i++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                i++;
            } else {
                break;
            }
        }
        String t = s.substring(start, i);
        try {
            return integral ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new Error(start, "bad number '" + t + "'");
        }
    }

    /**
     * The value as indented JSON (two spaces per level) followed by a newline: maps become objects in
     * their iteration order, collections and {@code double[]} arrays become one-line arrays, numbers are
     * written by {@link Numbers#shortest} (non-finite ones become {@code null}), booleans are literal,
     * everything else is a quoted string of its {@code toString()}.
     */
    public static String write(Object value) {
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
            sb.append(Double.isFinite(d) ? Numbers.shortest(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v == null) {
            sb.append("null");
        } else {
            sb.append(quote(v.toString()));
        }
    }

    /**
     * The string as a JSON string literal: quote and backslash escaped, newline, carriage return and tab
     * as {@code \n \r \t}, other control characters as {@code \}{@code u00XX}.
     */
    public static String quote(String v) {
        StringBuilder sb = new StringBuilder("\"");
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
