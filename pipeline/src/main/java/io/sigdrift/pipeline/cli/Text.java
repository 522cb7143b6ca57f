package io.sigdrift.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Number formatting and a left/right aligned text table for terminal reports. */
final class Text {
    private Text() {}

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    static String decimal(double d, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", d);
    }

    static String ratio(double r) {
        if (Double.isInfinite(r)) {
            return "new";
        }
        return r == 0 ? "gone" : String.format(Locale.ROOT, "%.2fx", r);
    }

    static String pValue(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /** Shows line breaks and tabs of an event as visible escapes, so one table row stays one line. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    /** Columns are padded to their widest cell; the last column is never padded. */
    static final class Table {
        private final boolean[] rightAligned;
        private final List<String[]> rows = new ArrayList<>();
        private final List<List<String>> notes = new ArrayList<>();

        Table(String header, boolean... rightAligned) {
            this.rightAligned = rightAligned;
            rows.add(header.split("\\|", -1));
            notes.add(List.of());
        }

        void row(String... cells) {
            rows.add(cells);
            notes.add(new ArrayList<>());
        }

        /** An indented line printed under the last row (examples, parameter summaries). */
        void note(String line) {
            notes.get(notes.size() - 1).add(line);
        }

        String render() {
            int cols = rows.get(0).length;
            int[] width = new int[cols];
            for (String[] r : rows) {
                for (int c = 0; c < cols; c++) {
                    width[c] = Math.max(width[c], r[c].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rows.size(); i++) {
                String[] r = rows.get(i);
                for (int c = 0; c < cols; c++) {
                    if (c > 0) {
                        sb.append("  ");
                    }
                    String cell = r[c];
                    boolean last = c == cols - 1;
                    int pad = width[c] - cell.length();
                    if (rightAligned.length > c && rightAligned[c]) {
                        sb.append(" ".repeat(pad)).append(cell);
                    } else {
                        sb.append(cell);
                        if (!last) {
                            sb.append(" ".repeat(pad));
                        }
                    }
                }
                sb.append('\n');
                for (String note : notes.get(i)) {
                    sb.append("      ").append(note).append('\n');
                }
            }
            return sb.toString();
        }
    }
}
