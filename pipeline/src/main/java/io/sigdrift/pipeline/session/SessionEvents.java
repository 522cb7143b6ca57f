package io.sigdrift.pipeline.session;

import io.sigdrift.models.session.EntityKey;
import io.sigdrift.models.session.SessionTracker;
import io.sigdrift.pipeline.record.SessionEvent;
import io.sigdrift.signatures.Signature;
import io.sigdrift.signatures.SignatureEngine;

import java.io.Serializable;

/**
 * Makes the count operator's {@link SessionEvent}s: the entity id of the event just given to the engine (by
 * pattern on its text, or by parameter position through {@link SignatureEngine#lastParameters}, which reuses the
 * engine's masking), or null when it has none. One per count operator, built in its {@code open()}.
 */
public final class SessionEvents implements Serializable {
    private static final long serialVersionUID = 1L;
    private final SessionSettings settings;
    private transient EntityKey entityKey;
    private transient int maxLineChars;
    private transient String found;

    public SessionEvents(SessionSettings settings) {
        this.settings = settings;
    }

    public void open() {
        entityKey = settings.entityKey();
        maxLineChars = settings.scorer().maxExampleChars();
    }

    /** The event for the line the engine just matched to {@code sig}, or null when the line names no entity. */
    public SessionEvent of(String key, String source, int split, String message, Signature sig, SignatureEngine engine,
                           long ts) {
        String entity;
        if (entityKey.needsParameters()) {
            found = null;
            int position = entityKey.position();
            engine.lastParameters((pos, type, text, start, end) -> {
                if (pos == position && found == null && end > start) {
                    found = text.substring(start, end);
                }
            });
            entity = found;
        } else {
            entity = entityKey.extract(message, null);
        }
        if (entity == null) {
            return null;
        }
        SessionEvent e = new SessionEvent();
        e.key = key;
        e.source = source;
        e.split = split;
        e.entity = entity.length() > SessionSettings.MAX_ENTITY_CHARS ? entity.substring(0, SessionSettings.MAX_ENTITY_CHARS)
                : entity;
        e.signatureKey = SessionTracker.signatureKey(sig);
        e.template = sig.template();
        e.line = message.length() > maxLineChars ? message.substring(0, maxLineChars) : message;
        e.timestamp = ts;
        return e;
    }
}
