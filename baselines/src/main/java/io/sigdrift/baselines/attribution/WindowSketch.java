package io.sigdrift.baselines.attribution;

import io.sigdrift.signatures.ParameterSink;
import java.util.ArrayList;
import java.util.List;

/**
 * What the count stage keeps about one signature in one open window besides its count: a {@link SpaceSaving}
 * sketch per parameter position and the first lines, so an anomaly of that window can say what was in it.
 * Fed from {@code SignatureEngine.lastParameters} (it is a {@link ParameterSink}) and {@link #example}; read once
 * when the window closes ({@link #values()}, {@link #examples()}).
 *
 * <p><b>Bounds</b> (per signature and open window): at most {@link #MAX_POSITIONS} positions (the first ones seen;
 * further positions are ignored: a template with more than six variable tokens is rare, and the first ones are
 * usually the identifying ones — host, user, address — in syslog-style messages), {@link #SKETCH_SIZE} counters
 * each, {@link #MAX_EXAMPLES} example references. Shipped: at most {@link #SHIPPED_PER_POSITION} values per
 * position, and only values that are frequent (guaranteed count ≥ 2) or dominant (≥ half of the window's
 * occurrences): unique values (timestamps, request ids) would cost bytes on every window and never explain a
 * change.
 *
 * <p><b>Hot path.</b> Per parameter: a scan of at most six position slots and one {@link SpaceSaving#add}; no
 * allocation once the sketches of this window exist (created on the first value of a position).
 */
public final class WindowSketch implements ParameterSink {
    public static final int MAX_POSITIONS = 6;
    public static final int SKETCH_SIZE = 8;
    public static final int SHIPPED_PER_POSITION = 4;
    public static final int MAX_EXAMPLES = 3;
    /** Examples are cut to this many chars (as the anomaly stage cuts signature examples). */
    public static final int MAX_EXAMPLE_CHARS = 1_000;
    /** Lines compared with the examples held, to skip exact repeats; later lines are not compared (cost bound). */
    static final int EXAMPLE_DEDUP_LINES = 16;

    private final int[] positions = new int[MAX_POSITIONS];
    private final String[] types = new String[MAX_POSITIONS];
    private final SpaceSaving[] sketches = new SpaceSaving[MAX_POSITIONS];
    private int positionCount;
    private final String[] examples = new String[MAX_EXAMPLES];
    private int exampleCount;
    private int linesSeen;

    @Override
    public void parameter(int position, String type, String text, int start, int end) {
        int i = 0;
        while (i < positionCount && positions[i] != position) {
            i++;
        }
        if (i == positionCount) {
            if (positionCount == MAX_POSITIONS) {
                return;
            }
            positions[i] = position;
            sketches[i] = new SpaceSaving(SKETCH_SIZE);
            positionCount++;
        }
        types[i] = type;
        sketches[i].add(text, start, end);
    }

    /** A line of this signature in this window: kept if among the first {@link #MAX_EXAMPLES} distinct ones. */
    public void example(String line) {
        if (exampleCount == MAX_EXAMPLES || line == null) {
            return;
        }
        if (linesSeen++ < EXAMPLE_DEDUP_LINES) {
            for (int i = 0; i < exampleCount; i++) {
                if (examples[i].equals(line)) {
                    return;
                }
            }
        }
        examples[exampleCount++] = line;
    }

    /** Merges a renamed signature's window into this one (the new id's). */
    public void absorb(WindowSketch other) {
        for (int j = 0; j < other.positionCount; j++) {
            int i = 0;
            while (i < positionCount && positions[i] != other.positions[j]) {
                i++;
            }
            if (i == positionCount) {
                if (positionCount == MAX_POSITIONS) {
                    continue;
                }
                positions[i] = other.positions[j];
                sketches[i] = new SpaceSaving(SKETCH_SIZE);
                positionCount++;
            }
            types[i] = other.types[j];
            sketches[i].absorb(other.sketches[j]);
        }
        for (int j = 0; j < other.exampleCount; j++) {
            example(other.examples[j]);
        }
    }

    /** The values to ship, by position then descending count (see the class comment for which). */
    public List<WindowValue> values() {
        List<WindowValue> out = new ArrayList<>();
        for (int p = 0; p < positionCount; p++) {
            SpaceSaving s = sketches[p];
            long n = s.total();
            int shipped = 0;
            for (int i : s.byCount()) {
                if (shipped == SHIPPED_PER_POSITION) {
                    break;
                }
                long sure = s.count(i) - s.error(i);
                if (sure >= 2 || 2 * sure >= n) {
                    out.add(new WindowValue(positions[p], types[p], s.value(i), s.count(i), s.error(i)));
                    shipped++;
                }
            }
        }
        return out;
    }

    /** The first distinct lines of the window (cut to {@link #MAX_EXAMPLE_CHARS}), oldest first. */
    public String[] examples() {
        String[] out = new String[exampleCount];
        for (int i = 0; i < exampleCount; i++) {
            String e = examples[i];
            out[i] = e.length() > MAX_EXAMPLE_CHARS ? e.substring(0, MAX_EXAMPLE_CHARS) : e;
        }
        return out;
    }
}
