package io.sigdrift.signatures;

/**
 * The result of {@link SignatureEngine#add}. The engine reuses one instance: it is valid until the next
 * {@code add} call on the same engine; copy what you need to keep.
 */
public interface Match {
    Signature signature();

    Change change();

    /** The id before a generalisation (UPDATED), else null. */
    String previousId();

    /** The line was cut to maxLineChars / maxTokens. */
    boolean truncated();
}
