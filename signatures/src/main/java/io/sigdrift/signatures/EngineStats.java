package io.sigdrift.signatures;

/**
 * Counters of one engine since it was created (restored engines continue the saved counters).
 *
 * @param lines          events passed to {@link SignatureEngine#add}
 * @param signatures     live signatures now
 * @param created        signatures ever created
 * @param updated        template generalisations (UPDATED results)
 * @param evicted        signatures evicted because {@link EngineConfig#maxSignatures()} was reached
 * @param truncatedLines events cut to {@link EngineConfig#maxLineChars()} or {@link EngineConfig#maxTokens()}
 */
public record EngineStats(long lines, int signatures, long created, long updated, long evicted,
                          long truncatedLines) {
}
