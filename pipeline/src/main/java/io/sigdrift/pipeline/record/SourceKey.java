package io.sigdrift.pipeline.record;

/**
 * The key of the job's keyed stages (count operator and anomaly operator): a source, plus the split index
 * when a hot source is split ({@code --split N}). The one place that knows its encodings:
 * <ul>
 *   <li>{@link #encode}: the keyed-state form, {@code source} for split 0 and {@code source + NUL + split}
 *       otherwise. Keyed state is partitioned and stored by the serialized key, so this String form is part
 *       of the checkpoint format: changing it would orphan the state of every restored job. NUL cannot occur
 *       in a source name (the line cleaner removes control characters), so the form is unambiguous.</li>
 *   <li>{@link #display}: {@code source#split}, for metric names and messages (NUL is invisible there).</li>
 * </ul>
 * Static helpers over {@code String} rather than a key object, since Flink keys by the String itself
 * and the per-record path should not allocate a wrapper.
 */
public final class SourceKey {
    /** Separates source and split in the keyed-state form. */
    public static final char SEPARATOR = '\u0000';

    private SourceKey() {}

    /** The keyed-state form of (source, split). */
    public static String encode(String source, int split) {
        return split == 0 ? source : source + SEPARATOR + split;
    }

    /** The source of an {@link #encode encoded} key. */
    public static String sourceOf(String key) {
        int i = key.indexOf(SEPARATOR);
        return i < 0 ? key : key.substring(0, i);
    }

    /** The split of an {@link #encode encoded} key (0 when the source is not split). */
    public static int splitOf(String key) {
        int i = key.indexOf(SEPARATOR);
        return i < 0 ? 0 : Integer.parseInt(key, i + 1, key.length(), 10);
    }

    /** {@code source} or {@code source#split}: the printable form of an encoded key. */
    public static String display(String key) {
        int i = key.indexOf(SEPARATOR);
        return i < 0 ? key : key.substring(0, i) + "#" + key.substring(i + 1);
    }
}
