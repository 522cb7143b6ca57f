package io.sigdrift.signatures;

/**
 * The typed masks a template can contain. Inside the engine each mask is one marker char in the range
 * U+0010..U+001F: the tokenizer treats every control char of the input as whitespace, so a marker can never
 * be confused with input text, and templates stay Latin-1 (one byte per char in a compact String).
 */
public enum MaskType {
    /** A position that varied between lines (no single type) — rendered {@code <*>}. */
    ANY("*"),
    NUM("NUM"),
    HEX("HEX"),
    IP("IP"),
    UUID("UUID"),
    TIME("TIME"),
    MAC("MAC"),
    URL("URL"),
    PATH("PATH"),
    EMAIL("EMAIL"),
    /** An identifier that mixes letters and digits (e.g. {@code blk_-1234}, {@code container_01}). */
    ID("ID"),
    /** true / false (any case). */
    BOOL("BOOL"),
    /** null (any case). */
    NULL("NULL"),
    /**
     * A host name with a port or an address: {@code node-41.cluster.example:8030}, {@code worker-7/10.1.2.3:50010}.
     * Added after the others: a marker is its ordinal, so existing templates keep their ids.
     */
    HOST("HOST");

    static final char FIRST_MARKER = '\u0010';
    /**
     * User-defined masks ({@link UserMasks}) are the marker chars U+0001..U+000F, below the built-in ones: like
     * those, control chars of the input are whitespace to the tokenizer, so they never collide with text.
     */
    static final char FIRST_USER_MARKER = '\u0001';
    static final int MAX_USER_MARKERS = FIRST_MARKER - FIRST_USER_MARKER;
    private static final MaskType[] VALUES = values();

    private final String label;
    private final String rendered;

    MaskType(String label) {
        this.label = label;
        this.rendered = "<" + label + ">";
    }

    /** The type name used in {@link Parameter#type()}: {@code "NUM"}, {@code "IP"}, {@code "*"}, ... */
    public String label() {
        return label;
    }

    /** The typed rendering, e.g. {@code <NUM>}. */
    public String rendered() {
        return rendered;
    }

    char marker() {
        return (char) (FIRST_MARKER + ordinal());
    }

    /** Whether c is the marker of a built-in type or of a user-defined mask. */
    static boolean isMarker(char c) {
        return c >= FIRST_USER_MARKER && c < FIRST_MARKER + VALUES.length;
    }

    /** The built-in type of a marker, or null for a user-defined mask's marker. */
    static MaskType ofMarker(char c) {
        return c >= FIRST_MARKER ? VALUES[c - FIRST_MARKER] : null;
    }

    /** The type whose rendering is {@code <label>}, or null. */
    static MaskType ofLabel(String label) {
        for (MaskType t : VALUES) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        return null;
    }
}
