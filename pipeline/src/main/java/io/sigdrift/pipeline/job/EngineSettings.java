package io.sigdrift.pipeline.job;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.UserMasks;
import java.io.Serializable;
import java.util.List;

/**
 * The serialisable part of the engine configuration shipped with the job graph ({@link EngineConfig}
 * itself need not be Serializable). Zero means "the engine's default". User masks travel as their
 * {@code NAME=REGEX} specs (read from {@code --masks} files on the client), so a job on a cluster gets them
 * without the files.
 */
public record EngineSettings(int maxSignatures, int maxLineChars, int maxTokens, List<String> masks)
        implements Serializable {

    public EngineSettings {
        masks = masks == null ? List.of() : List.copyOf(masks);
    }

    public EngineSettings(int maxSignatures, int maxLineChars, int maxTokens) {
        this(maxSignatures, maxLineChars, maxTokens, List.of());
    }

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
        if (!masks.isEmpty()) {
            try {
                b.masks(UserMasks.fromSpecs(masks));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mask/--masks: " + e.getMessage(), e);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-signatures/--max-line-chars/--max-tokens: " + e.getMessage(), e);
        }
    }
}
