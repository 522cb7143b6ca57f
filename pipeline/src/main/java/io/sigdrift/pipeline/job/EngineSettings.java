package io.sigdrift.pipeline.job;

import io.sigdrift.signatures.EngineConfig;
import java.io.Serializable;

/**
 * The serialisable part of the engine configuration shipped with the job graph ({@link EngineConfig}
 * itself need not be Serializable). Zero means "the engine's default".
 */
public record EngineSettings(int maxSignatures, int maxLineChars, int maxTokens) implements Serializable {

    public static EngineSettings defaults() {
        return new EngineSettings(0, 0, 0);
    }

    /** Builds and validates the engine config; errors name the flag. */
    public EngineConfig toEngineConfig() {
        EngineConfig.Builder b = EngineConfig.builder();
        if (maxSignatures != 0) {
            b.maxSignatures(maxSignatures);
        }
        if (maxLineChars != 0) {
            b.maxLineChars(maxLineChars);
        }
        if (maxTokens != 0) {
            b.maxTokens(maxTokens);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-signatures/--max-line-chars/--max-tokens: " + e.getMessage(), e);
        }
    }
}
