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
 * <p>Parameters masked as a time ({@code TIME}) are not sketched: a timestamp inside a message says when, not what,
 * and {@link Attributor} never attributes one; skipping them saves the work and leaves their slot to a position
 * that can explain a change.
 *
 * <p><b>Hot path.</b> Per parameter: usually one slot compare (positions arrive in template order, so the slot after
 * the last one used is checked first; a full sketch drops positions past the largest it holds without a scan) and
 * one {@link SpaceSaving#add}; no allocation once warm: the count stage {@link #reset}s and reuses the sketches of
 * closed windows, and a sketch keeps its {@link SpaceSaving}s across resets.
 *
 * <p><b>Sampling of busy signatures.</b> The first {@link #FULL_RATE_LINES} lines of a signature in a window are all
 * sketched; beyond, a line is sketched with probability 1/s, s doubling at every further multiple of
 * {@link #FULL_RATE_LINES} · s (2 from 256 lines, 4 from 512, 8 from 1,024, ...), and counts with weight s, so the
 * counts stay unbiased estimates while the sketching work per window grows only with the logarithm of the
 * signature's lines: the busiest signatures, which dominate the count stage's time, cost least per line. A value
 * at 5 % of 10,000 lines is still seen about 80 times (its count within about ±25 %). The choice is a seeded xorshift (not every s-th line, which
 * would alias with alternating log patterns), so runs are reproducible. The caller asks {@link #sample()} per
 * line before handing the parameters.
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
    /** Lines of a signature in a window that are all sketched before sampling starts. */
    public static final int FULL_RATE_LINES = 256;

    private final int[] positions = new int[MAX_POSITIONS];
    private final String[] types = new String[MAX_POSITIONS];
    private final SpaceSaving[] sketches = new SpaceSaving[MAX_POSITIONS];
    private int positionCount;
    private final String[] examples = new String[MAX_EXAMPLES];
    private int exampleCount;
    private int linesSeen;
    /** Lines offered to {@link #sample()}, the current weight of a sketched line, the sampler's state. */
    private long offered;
    private long weight = 1;
    private long nextDouble = FULL_RATE_LINES;
    private int random = 0x9E3779B9;
    /** Slot after the last one a parameter went to (reset per line by {@link #sample()}); the largest position held. */
    private int cursor;
    private int maxPosition = Integer.MIN_VALUE;
    private static final String TIME_LABEL = "TIME";

    /**
     * Whether this line's parameters are to be sketched (then hand them to {@link #parameter}); see the class
     * comment. Allocation-free.
     */
    public boolean sample() {
        offered++;
        cursor = 0;
        if (offered <= FULL_RATE_LINES) {
            return true;
        }
        if (offered >= nextDouble) {
            weight <<= 1;
            nextDouble <<= 1;
        }
        int x = random;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        random = x;
        return ((x >>> 8) & (weight - 1)) == 0;   // xorshift's low bits are its weakest
    }

    @Override
    public void parameter(int position, String type, String text, int start, int end) {
        // Fast path: a line of a template hands its positions in the same order every time, so the slot after the
        // last one used is almost always the one, with the type it already holds. That type is the same String
        // instance (the engine hands out its labels' own Strings), and a slot never holds the TIME label's
        // instance (a TIME position gets no slot; a type restored from state is a String of its own), so identity
        // also proves the type is not TIME without comparing it.
        int i = cursor;
        if (i < positionCount && positions[i] == position && types[i] == type) {
            cursor = i + 1;
            sketches[i].add(text, start, end, weight, 0);
            return;
        }
        if (TIME_LABEL.equals(type)) {
            return;   // never attributed (see the class comment): no slot, no sketch work
        }
        // A full sketch ignores positions past the ones it holds.
        if (i >= positionCount || positions[i] != position) {
            if (positionCount == MAX_POSITIONS && position > maxPosition) {
                return;
            }
            i = 0;
            while (i < positionCount && positions[i] != position) {
                i++;
            }
            if (i == positionCount) {
                if (positionCount == MAX_POSITIONS) {
                    return;
                }
                positions[i] = position;
                if (sketches[i] == null) {
                    sketches[i] = new SpaceSaving(SKETCH_SIZE);   // kept (cleared) across reset(): reused
                }
                positionCount++;
                maxPosition = Math.max(maxPosition, position);
            }
        }
        cursor = i + 1;
        if (types[i] != type) {
            types[i] = type;   // only when it changes: a reference store into a long-lived array costs a GC barrier
        }
        sketches[i].add(text, start, end, weight, 0);
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
                if (sketches[i] == null) {
                    sketches[i] = new SpaceSaving(SKETCH_SIZE);
                }
                positionCount++;
                maxPosition = Math.max(maxPosition, positions[i]);
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
        read(null, out);
        return out;
    }

    /**
     * State (the count stage checkpoints open windows): int linesSeen | long offered | long weight | long nextDouble
     * | int random | byte n | n x UTF example (cut) | byte m | m x (int position | UTF type | SpaceSaving).
     */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(linesSeen);
        out.writeLong(offered);
        out.writeLong(weight);
        out.writeLong(nextDouble);
        out.writeInt(random);
        // what examples() returns, without its array and copies (this runs inside the checkpoint pause)
        out.writeByte(exampleCount);
        for (int i = 0; i < exampleCount; i++) {
            String e = examples[i];
            out.writeUTF(e.length() > MAX_EXAMPLE_CHARS ? e.substring(0, MAX_EXAMPLE_CHARS) : e);
        }
        out.writeByte(positionCount);
        for (int p = 0; p < positionCount; p++) {
            out.writeInt(positions[p]);
            out.writeUTF(types[p] == null ? "*" : types[p]);
            sketches[p].write(out);
        }
    }

    /** @throws IllegalStateException for counts out of the bounds (corrupt state) */
    public static WindowSketch read(java.io.DataInput in) throws java.io.IOException {
        WindowSketch w = new WindowSketch();
        w.linesSeen = in.readInt();
        w.offered = in.readLong();
        w.weight = in.readLong();
        w.nextDouble = in.readLong();
        w.random = in.readInt();
        int n = in.readUnsignedByte();
        if (n > MAX_EXAMPLES || w.weight < 1 || Long.bitCount(w.weight) != 1) {
            throw new IllegalStateException("corrupt window sketch: " + n + " examples, weight " + w.weight);
        }
        for (int i = 0; i < n; i++) {
            w.examples[w.exampleCount++] = in.readUTF();
        }
        int m = in.readUnsignedByte();
        if (m > MAX_POSITIONS) {
            throw new IllegalStateException("corrupt window sketch: " + m + " positions");
        }
        for (int p = 0; p < m; p++) {
            w.positions[p] = in.readInt();
            w.types[p] = in.readUTF();
            w.sketches[p] = new SpaceSaving(SKETCH_SIZE);
            w.sketches[p].read(in);
            w.maxPosition = Math.max(w.maxPosition, w.positions[p]);
        }
        w.positionCount = m;
        return w;
    }

    /** Values per position in {@link #distributions}: a readable bar chart, and a bounded counts record. */
    public static final int DISTRIBUTION_VALUES = 5;

    /**
     * Read once when the window closes, for the counts stream: per position (at most {@link #MAX_POSITIONS}, in the
     * order first seen) its total and its most frequent values, at most {@link #DISTRIBUTION_VALUES}. Listed are values
     * seen more than once (in sampled units, as {@link #values}) and, when the position had at most
     * {@link #DISTRIBUTION_VALUES} values in the window, all of them: a rare signature's one user or address is what
     * its distribution should name, while the unique values of a busy position (request ids, ports) would cost bytes
     * in every window and only add to "other" once summed over a range. Positions masked as a time are left out
     * (convention, as in {@link Attributor}: a timestamp in the message is the event's time, different every
     * second, never a value worth a distribution). Reads the sketches only; allocates (window close, not the
     * per-line path).
     */
    public List<ValueDistribution> distributions() {
        List<ValueDistribution> out = new ArrayList<>(positionCount);
        read(out, null);
        return out;
    }

    /**
     * Adds what {@link #distributions()} and {@link #values()} return to {@code distributions} and {@code values}
     * (either may be null: not read), in one pass: the window close reads both, and this sorts each position's
     * counters once and builds each value's String once for both. Allocates (window close, not the per-line path).
     */
    public void read(List<ValueDistribution> distributions, List<WindowValue> values) {
        for (int p = 0; p < positionCount; p++) {
            SpaceSaving s = sketches[p];
            long n = s.total();
            boolean distribute = distributions != null && !TIME_LABEL.equals(types[p]);
            boolean all = n <= DISTRIBUTION_VALUES;
            List<String> listed = distribute ? new ArrayList<>(DISTRIBUTION_VALUES) : null;
            List<Long> counts = distribute ? new ArrayList<>(DISTRIBUTION_VALUES) : null;
            int shipped = values != null ? 0 : SHIPPED_PER_POSITION;
            for (int i : s.byCount()) {
                boolean distributionFull = !distribute || listed.size() == DISTRIBUTION_VALUES;
                if (distributionFull && shipped == SHIPPED_PER_POSITION) {
                    break;
                }
                long count = s.count(i);
                long sure = count - s.error(i);
                // distributions: "seen more than once" by the guaranteed count (a counter that took over an evicted
                // one carries the evicted count as its error, and one sampled line counts `weight`)
                boolean list = !distributionFull && (all || sure >= 2 * weight);
                // values: "seen twice" in sampled units, or dominant
                boolean ship = shipped < SHIPPED_PER_POSITION && (sure >= 2 * weight || 2 * sure >= n);
                if (!list && !ship) {
                    continue;
                }
                String value = s.value(i);
                if (list) {
                    listed.add(value);
                    counts.add(count);
                }
                if (ship) {
                    values.add(new WindowValue(positions[p], types[p], value, count, s.error(i)));
                    shipped++;
                }
            }
            if (distribute) {
                distributions.add(new ValueDistribution(positions[p], types[p] == null ? "*" : types[p], n, listed, counts));
            }
        }
    }

    /**
     * Empties this sketch for another signature or window, keeping its arrays and {@link SpaceSaving}s: the count
     * stage recycles the sketches of a closed window, so a steady stream allocates none (they were its largest
     * allocation per window).
     */
    public void reset() {
        for (int p = 0; p < positionCount; p++) {
            sketches[p].clear();
            types[p] = null;
        }
        positionCount = 0;
        java.util.Arrays.fill(examples, 0, exampleCount, null);
        exampleCount = 0;
        linesSeen = 0;
        offered = 0;
        weight = 1;
        nextDouble = FULL_RATE_LINES;
        random = 0x9E3779B9;
        cursor = 0;
        maxPosition = Integer.MIN_VALUE;
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
