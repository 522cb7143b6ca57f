package io.sigdrift.signatures;

import java.util.List;

/** A read-only view of one signature (a structural template and its statistics). */
public interface Signature {
    /**
     * Stable id: 16 lowercase hex chars of the 64-bit FNV-1a hash of the UTF-8 bytes of {@link #template()},
     * so the same template has the same id after a restart, in another process and on another machine.
     */
    String id();

    /** The template with typed masks, e.g. {@code Failed password for <*> from <IP> port <NUM> ssh2}. */
    String template();

    /** The template with every mask rendered as {@code <*>} (Loghub notation). */
    String loghubTemplate();

    /** Events absorbed, across generalisations. */
    long count();

    /** Ids this signature had before it generalised, oldest first, at most {@link EngineConfig#maxAncestors()}. */
    List<String> ancestors();

    /** The first example event text (cut to {@link EngineConfig#maxExampleChars()}). */
    String example();

    int tokenCount();
}
