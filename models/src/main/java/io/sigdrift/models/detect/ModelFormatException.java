package io.sigdrift.models.detect;

/** A model file that is corrupt, truncated, of an unknown kind or of an incompatible format version. */
public final class ModelFormatException extends IllegalStateException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
