package io.sigdrift.pipeline.input;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of a read: lines, events, skips by reason and repairs by flag, each with the first few line
 * numbers so a user can find them. Line numbers count across all inputs of one command, from 1.
 */
public final class InputStats {
    private final int exampleLines;
    private long lines;
    private long events;
    private long bytes;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final Map<LineFlag, Long> flagged = new EnumMap<>(LineFlag.class);
    private final Map<Object, List<String>> where = new java.util.HashMap<>();

    public InputStats() {
        this(InputConfig.DEFAULT_EXAMPLE_LINES);
    }

    public InputStats(int exampleLines) {
        this.exampleLines = exampleLines;
    }

    long nextLine() {
        return ++lines;
    }

    void event() {
        events++;
    }

    void bytes(long n) {
        bytes += n;
    }

    void skip(SkipReason reason, String input, long lineNumber) {
        skipped.merge(reason, 1L, Long::sum);
        note(reason, input, lineNumber);
    }

    void flag(LineFlag flag, String input, long lineNumber) {
        flagged.merge(flag, 1L, Long::sum);
        note(flag, input, lineNumber);
    }

    private void note(Object key, String input, long lineNumber) {
        List<String> l = where.computeIfAbsent(key, k -> new ArrayList<>(exampleLines));
        if (l.size() < exampleLines) {
            l.add(input + ":" + lineNumber);
        }
    }

    public long lines() { return lines; }
    public long events() { return events; }
    public long bytes() { return bytes; }
    public long skipped(SkipReason r) { return skipped.getOrDefault(r, 0L); }
    public long flagged(LineFlag f) { return flagged.getOrDefault(f, 0L); }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Where the first few lines with this reason / flag are ("file:line"). */
    public List<String> where(Object reasonOrFlag) {
        return where.getOrDefault(reasonOrFlag, List.of());
    }

    /**
     * One line, e.g. {@code 2,000 lines read, 1,998 events, 2 skipped (1 blank at a.log:5; 1 malformed JSON
     * at a.log:7), 1 flagged (1 truncated at a.log:9)}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(num(lines)).append(lines == 1 ? " line" : " lines").append(" read, ")
                .append(num(events)).append(events == 1 ? " event, " : " events, ")
                .append(num(skippedTotal())).append(" skipped");
        appendDetails(sb, skipped);
        long f = flagged.values().stream().mapToLong(Long::longValue).sum();
        if (f > 0) {
            sb.append(", ").append(num(f)).append(" flagged");
            appendDetails(sb, flagged);
        }
        return sb.toString();
    }

    private <K extends Enum<K>> void appendDetails(StringBuilder sb, Map<K, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        sb.append(" (");
        boolean first = true;
        for (Map.Entry<K, Long> e : counts.entrySet()) {
            if (!first) {
                sb.append("; ");
            }
            first = false;
            String label = e.getKey() instanceof SkipReason r ? r.label() : ((LineFlag) e.getKey()).label();
            sb.append(num(e.getValue())).append(' ').append(label);
            List<String> w = where(e.getKey());
            if (!w.isEmpty()) {
                sb.append(" at ").append(String.join(", ", w));
                if (e.getValue() > w.size()) {
                    sb.append(", ...");
                }
            }
        }
        sb.append(')');
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
