package io.sigdrift.pipeline.record;

import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Consecutive parsed lines of one key (one source, one split), in their order: what crosses the key shuffle
 * between the parse and the count operator. Why batches and not single lines: Flink's cost per record on the
 * shuffle (record writer, channel and key-group selection, buffer bookkeeping, deserialisation delegate, key
 * context and operator dispatch on the keyed side) was a quarter of the parse thread's and an eighth of the count
 * thread's CPU in the whole job's profile; a batch pays it once for up to {@code LineBatcher.MAX_LINES} lines and
 * carries the source name once. {@link io.sigdrift.pipeline.job.LineBatcher} builds them; the count operator
 * takes them apart in order. Serialized by {@link LineBatchSerializer} (no Kryo).
 *
 * <p>Mutable only while the batcher fills it; once emitted nobody changes it.
 */
@TypeInfo(LineBatchSerializer.Factory.class)
public final class LineBatch {
    private final String source;
    private final int split;
    private final String key;
    private ParsedLine[] lines;
    private int size;
    /** Sum of the messages' lengths in chars: the batcher's bound on a batch's bytes. */
    private int chars;

    public LineBatch(String source, int split, int capacity) {
        this.source = source;
        this.split = split;
        this.key = SourceKey.encode(source, split);
        this.lines = new ParsedLine[Math.max(1, capacity)];
    }

    /** A batch of one line (tests, and callers that hand the count operator single lines). */
    public static LineBatch of(ParsedLine line) {
        LineBatch b = new LineBatch(line.source, line.split, 1);
        b.add(line);
        return b;
    }

    /** Appends a line of this batch's source and split. */
    public void add(ParsedLine line) {
        if (line.split != split || !java.util.Objects.equals(line.source, source)) {
            throw new IllegalArgumentException("a line of " + SourceKey.display(line.key()) + " in the batch of "
                    + SourceKey.display(key));
        }
        if (size == lines.length) {
            lines = Arrays.copyOf(lines, size * 2);
        }
        lines[size++] = line;
        chars += line.message == null ? 0 : line.message.length();
    }

    public String source() { return source; }
    public int split() { return split; }
    /** The keyed-state key of every line in the batch ({@link SourceKey#encode}). */
    public String key() { return key; }
    public int size() { return size; }
    public int chars() { return chars; }
    public ParsedLine line(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return lines[i];
    }

    @Override
    public String toString() {
        return "LineBatch{" + SourceKey.display(key) + " x" + size + "}";
    }
}
