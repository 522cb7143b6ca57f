package io.sigdrift.dashboard.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signature's parameter value counts per position, summed over any number of windows: what the job's counts
 * stream ships per window ({@code "parameters"}: per position its top values and total) and what the dashboard keeps
 * per window ({@code param_values_minute}) and per hour ({@code param_values_hour}), as one compact JSON text per row:
 * {@code [{"p":8,"t":"IP","n":21,"v":[["203.0.113.77",17],["198.51.100.7",2]]}]}.
 *
 * <p><b>Merging.</b> Counts of the same (position, value) add up; so do the positions' totals. What a window did not
 * list is counted in its total only, so over a range {@code total - Σ listed} is "other": values too rare in each
 * window to be listed there. A value listed in some windows and not in others is under-counted by what the others
 * held of it; the job's sketches make that error small for frequent values (it lists those in every window).
 *
 * <p><b>Bounds.</b> At most {@link #MAX_POSITIONS} positions (the lowest token indexes), {@code maxValues} values per
 * position when encoded (the most frequent; the rest stay in the total as "other"), values cut to
 * {@link #MAX_VALUE_CHARS}. Not thread-safe.
 */
public final class ValueCounts {
    public static final int MAX_POSITIONS = 8;
    /** Values kept per position in a window row (the job sends at most 5). */
    public static final int WINDOW_VALUES = 8;
    /** Values kept per position in an hour row: more than a window, so merging hours loses little to "other". */
    public static final int HOUR_VALUES = 24;
    public static final int MAX_VALUE_CHARS = 256;
    private static final JsonFactory JSON = new JsonFactory();

    /** One position's merged counts. */
    public static final class Position {
        String type;
        long total;
        final Map<String, Long> counts = new HashMap<>();

        public String type() {
            return type;
        }

        public long total() {
            return total;
        }

        /** Values by descending count (ties by value, so answers are stable), at most {@code max}. */
        public List<Map.Entry<String, Long>> top(int max) {
            List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
            all.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
            return all.size() > max ? List.copyOf(all.subList(0, max)) : all;
        }
    }

    private final TreeMap<Integer, Position> positions = new TreeMap<>();

    public boolean isEmpty() {
        return positions.isEmpty();
    }

    /** Positions by token index. */
    public Map<Integer, Position> positions() {
        return positions;
    }

    /** Adds {@code count} occurrences of a value (and them to the position's total). */
    public void add(int position, String type, String value, long count) {
        Position p = position(position, type);
        if (p == null) {
            return;
        }
        p.counts.merge(clip(value), count, Long::sum);
    }

    /** Adds to a position's total only (its values not listed: "other", or listed separately by {@link #add}). */
    public void addTotal(int position, String type, long total) {
        Position p = position(position, type);
        if (p != null) {
            p.total += total;
        }
    }

    private Position position(int position, String type) {
        Position p = positions.get(position);
        if (p == null) {
            if (positions.size() >= MAX_POSITIONS) {
                if (position > positions.lastKey()) {
                    return null;
                }
                positions.remove(positions.lastKey());   // keep the lowest token indexes, whatever the arrival order
            }
            p = new Position();
            positions.put(position, p);
        }
        if (type != null) {
            p.type = type.length() > 32 ? type.substring(0, 32) : type;
        }
        return p;
    }

    /** The stored form, each position cut to its {@code maxValues} most frequent values. */
    public String encode(int maxValues) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (Map.Entry<Integer, Position> e : positions.entrySet()) {
                Position p = e.getValue();
                g.writeStartObject();
                g.writeNumberField("p", e.getKey());
                g.writeStringField("t", p.type == null ? "*" : p.type);
                g.writeNumberField("n", p.total);
                g.writeArrayFieldStart("v");
                for (Map.Entry<String, Long> v : p.top(maxValues)) {
                    g.writeStartArray();
                    g.writeString(v.getKey());
                    g.writeNumber(v.getValue());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not throw
        }
        return w.toString();
    }

    /**
     * Adds a stored row ({@link #encode}) into this.
     *
     * @throws IllegalStateException when the text is not what {@link #encode} writes (a corrupt row)
     */
    public void merge(String stored) {
        try (JsonParser p = JSON.createParser(stored)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int position = -1;
                String type = null;
                long total = 0;
                List<String> values = new ArrayList<>();
                List<Long> counts = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (f) {
                        case "p" -> position = p.getIntValue();
                        case "t" -> type = p.getText();
                        case "n" -> total = p.getLongValue();
                        case "v" -> {
                            expect(t, JsonToken.START_ARRAY);
                            while (p.nextToken() == JsonToken.START_ARRAY) {
                                p.nextToken();
                                values.add(p.getText());
                                p.nextToken();
                                counts.add(p.getLongValue());
                                expect(p.nextToken(), JsonToken.END_ARRAY);
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
                addTotal(position, type, total);
                for (int i = 0; i < values.size(); i++) {
                    add(position, type, values.get(i), counts.get(i));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("corrupt parameter value row: " + (stored.length() > 200 ? stored.substring(0, 200) : stored), e);
        }
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + ", found " + got);
        }
    }

    static String clip(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS);
    }
}
