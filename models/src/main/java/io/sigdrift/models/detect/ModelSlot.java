package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;

import java.util.List;
import java.util.Objects;

/**
 * Holds the last good model of one kind. Loading a file or retraining either replaces it or leaves it untouched and
 * says why: a corrupt or incompatible file, or sessions/labels that cannot train, never cost the caller its model.
 * NOT thread-safe; retraining runs in the caller's thread (a streaming caller hands it to a background task and
 * installs the result with {@link #install}).
 */
public final class ModelSlot {
    private SessionDetector current;
    private String lastError;

    /** @param initial a model (fitted or not) of the kind this slot holds */
    public ModelSlot(SessionDetector initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    public SessionDetector current() {
        return current;
    }

    /** Why the last load or retrain failed, or null when it succeeded. */
    public String lastError() {
        return lastError;
    }

    /** @return true when the file held a model of this slot's kind and it replaced the current one */
    public boolean load(byte[] file) {
        try {
            SessionDetector d = ModelCodec.read(file);
            if (!d.kind().equals(current.kind())) {
                return fail("model file holds a '" + d.kind() + "' model, this slot holds '" + current.kind() + "'");
            }
            return install(d);
        } catch (ModelFormatException e) {
            return fail(e.getMessage());
        }
    }

    /** @return true when the sessions trained a new model (fitted from the current model's configuration) */
    public boolean retrain(List<SessionSample> sessions) {
        try {
            return install(current.fit(sessions));
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }

    public boolean install(SessionDetector model) {
        if (!model.isFitted() || !model.kind().equals(current.kind())) {
            return fail("refused a " + (model.isFitted() ? "" : "unfitted ") + model.kind() + " model");
        }
        current = model;
        lastError = null;
        return true;
    }

    private boolean fail(String why) {
        lastError = why;
        return false;
    }
}
