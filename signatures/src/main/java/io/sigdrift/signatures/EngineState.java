package io.sigdrift.signatures;

import java.util.ArrayList;
import java.util.List;

/**
 * The persisted form of a {@link SignatureEngine} (a plain DTO for Jackson; see {@link EngineStateCodec}).
 * Format version 1. Signatures are listed least recently used first. Never store the live engine objects.
 */
public final class EngineState {
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    public long lines;
    public long created;
    public long updated;
    public long evicted;
    public long truncatedLines;
    public List<SignatureState> signatures = new ArrayList<>();
    /**
     * The user-defined masks ({@code NAME=REGEX}, in order) the templates were built with. Added within version 1
     * as an optional field: files written before it have none, which is what they were built with.
     */
    public List<String> masks = new ArrayList<>();

    /** One signature: its typed template (the id is derived from it and checked on restore). */
    public static final class SignatureState {
        public String id;
        public String template;
        public long count;
        public List<String> ancestors = new ArrayList<>();
        public String example;
        /** Fast-path skeleton hashes that map to this signature (restored so matching is identical). */
        public long[] skeletons = new long[0];
    }
}
