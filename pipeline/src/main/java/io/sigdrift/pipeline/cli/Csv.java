package io.sigdrift.pipeline.cli;

import java.io.IOException;

/** RFC 4180 CSV: a field is quoted when it holds a comma, quote, CR or LF; quotes are doubled. */
public final class Csv {
    private Csv() {}

    public static String field(String s) {
        if (s == null) {
            return "";
        }
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Appends one CSV record (fields joined by commas, '\n' terminated). */
    public static void row(Appendable out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields[i]));
        }
        out.append('\n');
    }
}
