package io.sigdrift.models.session;

import io.sigdrift.signatures.Signature;
import it.unimi.dsi.fastutil.objects.Object2IntLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Groups the events of one source into sessions per entity (a block id, a request id...) and closes them by
 * inactivity, maximum duration or maximum length. Pure Java, no clock of its own: time is the events' time and the
 * watermark the caller passes to {@link #advanceTo}. NOT thread-safe (one per source / Flink key).
 *
 * <p>Bounds (see {@link SessionConfig}): at most maxOpenSessions open sessions; when a new entity arrives beyond that,
 * the least recently active session is closed early with {@link CloseReason#EVICTED} (emitted, counted in
 * {@link Stats#evicted()}, never dropped silently). Per session at most maxEventsPerSession events and
 * maxDistinctPerSession distinct keys (and bigrams); beyond the latter events count under
 * {@link SessionSample#OVERFLOW}.
 *
 * <p>Order: open sessions are kept in order of last activity (a linked hash map, moved to the end on each event), so
 * {@link #advanceTo} only looks at the head: O(closed sessions), not O(open sessions). For event-time-ordered input
 * a session closes exactly when the watermark passes last + gap; an out-of-order event may delay (never advance)
 * the closing of sessions behind it.
 *
 * <p>Cost per event: one hash lookup of the entity and one of the key; with order features (bigrams, on by
 * default) also one small "a&gt;b" string and a set lookup. Per-session maps are allocated when the entity's session
 * opens and given to the closed {@link SessionSample}.
 */
public final class SessionTracker {
    private final SessionConfig config;
    private final long gap;
    private final long maxDuration;
    private final Object2ObjectLinkedOpenHashMap<String, Open> open = new Object2ObjectLinkedOpenHashMap<>();
    private long opened;
    private long closed;
    private long evicted;
    private long overflowEvents;
    private long unkeyed;

    public SessionTracker(SessionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gap = config.inactivityGap().toMillis();
        this.maxDuration = config.maxDuration().toMillis();
    }

    /**
     * The key under which a signature's events are counted: the OLDEST id it is known by (its first ancestor, or its
     * id when it never generalised). Generalising a template changes its id; counting under the first id keeps the
     * columns of a trained model valid across generalisations. Bounded by the engine's maxAncestors: a signature
     * that generalised more often than that gets a new key (a rare, visible event).
     */
    public static String signatureKey(Signature s) {
        List<String> a = s.ancestors();
        return a.isEmpty() ? s.id() : a.get(0);
    }

    /**
     * Counts one event of {@code entity}; sessions closed on the way (the entity's previous session when it went
     * quiet or hit a bound, or an evicted one) go to {@code out}.
     *
     * @param entity       the entity id, null for an event outside any session (counted in {@link Stats#unkeyed()})
     * @param signatureKey see {@link #signatureKey}
     */
    public void add(String entity, String signatureKey, long timeMillis, Consumer<SessionSample> out) {
        Objects.requireNonNull(signatureKey, "signatureKey");
        if (entity == null) {
            unkeyed++;
            return;
        }
        Open s = open.getAndMoveToLast(entity);
        if (s != null && (timeMillis - s.last >= gap || timeMillis - s.first >= maxDuration)) {
            open.remove(entity);
            emit(s, timeMillis - s.last >= gap ? CloseReason.INACTIVITY : CloseReason.MAX_DURATION, out);
            s = null;
        }
        if (s == null) {
            if (open.size() >= config.maxOpenSessions()) {
                String eldest = open.firstKey();
                emit(open.removeFirst(), CloseReason.EVICTED, out);
                evicted++;
                assert !eldest.equals(entity);
            }
            s = new Open(entity, timeMillis);
            open.put(entity, s);
            opened++;
        }
        s.add(signatureKey, timeMillis, config, this);
        if (s.events >= config.maxEventsPerSession()) {
            open.remove(entity);
            emit(s, CloseReason.MAX_EVENTS, out);
        }
    }

    /** Closes every session whose last event is at least the inactivity gap before {@code watermarkMillis}. */
    public void advanceTo(long watermarkMillis, Consumer<SessionSample> out) {
        while (!open.isEmpty()) {
            Open s = open.get(open.firstKey());
            if (watermarkMillis - s.last < gap) {
                return;
            }
            open.removeFirst();
            emit(s, CloseReason.INACTIVITY, out);
        }
    }

    /** Closes every open session (end of input), least recently active first. */
    public void flush(Consumer<SessionSample> out) {
        while (!open.isEmpty()) {
            emit(open.removeFirst(), CloseReason.FLUSHED, out);
        }
    }

    public int openSessions() {
        return open.size();
    }

    /** Whether {@code entity} has an open session now. */
    public boolean isOpen(String entity) {
        return open.containsKey(entity);
    }

    /**
     * The open sessions, least recently active first (the order {@link #restore} needs to rebuild the same closing
     * order), as plain values for a state codec. Copies: the tracker stays usable.
     */
    public List<OpenSession> snapshot() {
        List<OpenSession> out = new java.util.ArrayList<>(open.size());
        for (Open s : open.values()) {
            String[] keys = s.counts.keySet().toArray(new String[0]);
            int[] c = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                c[i] = s.counts.getInt(keys[i]);
            }
            String[] b = s.bigrams == null ? new String[0] : s.bigrams.toArray(new String[0]);
            out.add(new OpenSession(s.entity, s.first, s.last, s.events, s.previous, keys, c, b));
        }
        return out;
    }

    /**
     * Replaces this tracker's open sessions and counters with a {@link #snapshot} and {@link #stats}.
     *
     * @throws IllegalArgumentException when the snapshot holds more sessions than maxOpenSessions or an entity twice
     */
    public void restore(List<OpenSession> sessions, Stats stats) {
        if (sessions.size() > config.maxOpenSessions()) {
            throw new IllegalArgumentException(sessions.size() + " open sessions in the snapshot, the bound is "
                    + config.maxOpenSessions());
        }
        open.clear();
        for (OpenSession o : sessions) {
            Open s = new Open(o.entity(), o.first());
            s.last = o.last();
            s.events = o.events();
            s.previous = o.previous();
            for (int i = 0; i < o.keys().length; i++) {
                s.counts.put(o.keys()[i], o.counts()[i]);
            }
            if (o.bigrams().length > 0) {
                s.bigrams = new ObjectLinkedOpenHashSet<>(o.bigrams());
            }
            if (open.put(o.entity(), s) != null) {
                throw new IllegalArgumentException("entity '" + o.entity() + "' twice in the snapshot");
            }
        }
        opened = stats.opened();
        closed = stats.closed();
        evicted = stats.evicted();
        overflowEvents = stats.overflowEvents();
        unkeyed = stats.unkeyed();
    }

    /**
     * An open session as plain values (see {@link #snapshot}).
     *
     * @param previous the key of its last event (for order features), null when none
     */
    public record OpenSession(String entity, long first, long last, int events, String previous, String[] keys,
                              int[] counts, String[] bigrams) {
        public OpenSession {
            Objects.requireNonNull(entity, "entity");
            if (keys.length != counts.length) {
                throw new IllegalArgumentException("keys and counts differ in length");
            }
        }
    }

    public Stats stats() {
        return new Stats(opened, closed, evicted, overflowEvents, unkeyed);
    }

    /**
     * @param opened         sessions started
     * @param closed         sessions emitted (any reason)
     * @param evicted        sessions closed early because maxOpenSessions was reached
     * @param overflowEvents events counted under {@link SessionSample#OVERFLOW}
     * @param unkeyed        events without an entity id (not in any session)
     */
    public record Stats(long opened, long closed, long evicted, long overflowEvents, long unkeyed) {
    }

    private void emit(Open s, CloseReason reason, Consumer<SessionSample> out) {
        closed++;
        out.accept(s.close(reason));
    }

    /** A session being built. Insertion-ordered maps so a closed sample lists keys in order of first occurrence. */
    private static final class Open {
        final String entity;
        final long first;
        long last;
        int events;
        String previous;
        final Object2IntLinkedOpenHashMap<String> counts = new Object2IntLinkedOpenHashMap<>(8);
        ObjectLinkedOpenHashSet<String> bigrams;

        Open(String entity, long first) {
            this.entity = entity;
            this.first = first;
            this.last = first;
        }

        void add(String key, long time, SessionConfig config, SessionTracker owner) {
            events++;
            last = Math.max(last, time);
            String k = key;
            if (!counts.containsKey(k) && counts.size() >= config.maxDistinctPerSession() - 1) {
                k = SessionSample.OVERFLOW;   // one slot is kept for the overflow key itself
                owner.overflowEvents++;
            }
            counts.addTo(k, 1);
            if (config.bigrams()) {
                if (previous != null) {
                    if (bigrams == null) {
                        bigrams = new ObjectLinkedOpenHashSet<>(8);
                    }
                    if (bigrams.size() < config.maxDistinctPerSession()) {
                        bigrams.add(SessionSample.bigram(previous, k));
                    }
                }
                previous = k;
            }
        }

        SessionSample close(CloseReason reason) {
            String[] keys = counts.keySet().toArray(new String[0]);
            int[] c = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                c[i] = counts.getInt(keys[i]);
            }
            String[] b = bigrams == null ? new String[0] : bigrams.toArray(new String[0]);
            return new SessionSample(entity, first, last, events, reason, keys, c, b, SessionSample.UNLABELLED);
        }
    }
}
