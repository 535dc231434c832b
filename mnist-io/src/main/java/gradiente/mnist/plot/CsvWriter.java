package gradiente.mnist.plot;

import gradiente.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes comma-separated values (RFC 4180): fields holding a comma, quote or line break are quoted,
 * quotes doubled; doubles are written in Java's shortest round-trip form; null is an empty field.
 * Files are written atomically.
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** Writes a header line and the rows. */
    public static void write(Path file, List<String> header, List<? extends List<?>> rows) throws IOException {
        AtomicFiles.writeString(file, format(header, rows));
    }

    /** The CSV text. */
    public static String format(List<String> header, List<? extends List<?>> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("CSV: row " + r + " has " + row.size() + " fields, header has "
                        + header.size());
            }
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        sb.append('\n');
    }

    /** One field, quoted when needed. */
    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
