package io.sigdrift.models.session;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.SignatureEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTrackerTest {
    static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    static final Duration GAP = Duration.ofMinutes(1);
    static final long SECOND = 1000;

    private final List<SessionSample> closed = new ArrayList<>();

    private static SessionTracker tracker(int maxOpen, int maxEvents) {
        return new SessionTracker(SessionConfig.builder().inactivityGap(GAP).maxDuration(Duration.ofMinutes(10))
                .maxOpenSessions(maxOpen).maxEventsPerSession(maxEvents).maxDistinctPerSession(4).bigrams(true).build());
    }

    @Test
    void aSessionClosesWhenTheWatermarkPassesItsInactivityGap() {
        SessionTracker t = tracker(10, 100);
        t.add("blk_1", "open", T0, closed::add);
        t.add("blk_1", "close", T0 + 5 * SECOND, closed::add);
        t.advanceTo(T0 + 5 * SECOND + GAP.toMillis() - 1, closed::add);
        assertEquals(0, closed.size(), "one millisecond before the gap it is still open");
        t.advanceTo(T0 + 5 * SECOND + GAP.toMillis(), closed::add);
        assertEquals(1, closed.size());
        SessionSample s = closed.get(0);
        assertEquals("blk_1", s.entity());
        assertEquals(CloseReason.INACTIVITY, s.reason());
        assertEquals(1, s.count("open"));
        assertEquals(1, s.count("close"));
        assertEquals(T0, s.firstMillis());
        assertEquals(T0 + 5 * SECOND, s.lastMillis());
        assertEquals("open>close", s.bigram(0));
    }

    @Test
    void theSameEntityAfterTheGapStartsANewSession() {
        SessionTracker t = tracker(10, 100);
        t.add("u", "login", T0, closed::add);
        t.add("u", "login", T0 + GAP.toMillis(), closed::add);
        assertEquals(1, closed.size());
        assertEquals(1, t.openSessions());
    }

    @Test
    void aRunawaySessionClosesAtMaxEventsAndAtMaxDuration() {
        SessionTracker t = tracker(10, 3);
        for (int i = 0; i < 3; i++) {
            t.add("x", "tick", T0 + i, closed::add);
        }
        assertEquals(CloseReason.MAX_EVENTS, closed.get(0).reason());
        SessionTracker d = tracker(10, 100);
        for (int i = 0; i <= 10 * 60; i += 30) {    // every 30 s for 10 minutes: never idle, too long
            d.add("y", "tick", T0 + i * SECOND, closed::add);
        }
        assertTrue(closed.stream().anyMatch(s -> s.reason() == CloseReason.MAX_DURATION), closed.toString());
    }

    @Test
    void beyondMaxOpenSessionsTheLeastRecentlyActiveIsEvictedAndCounted() {
        SessionTracker t = tracker(2, 100);
        t.add("a", "k", T0, closed::add);
        t.add("b", "k", T0 + 1, closed::add);
        t.add("a", "k", T0 + 2, closed::add);   // a is now more recent than b
        t.add("c", "k", T0 + 3, closed::add);
        assertEquals(1, closed.size());
        assertEquals("b", closed.get(0).entity());
        assertEquals(CloseReason.EVICTED, closed.get(0).reason());
        assertEquals(1, t.stats().evicted());
        assertEquals(2, t.openSessions());
    }

    @Test
    void distinctKeysBeyondTheBoundAreCountedAsOverflowNotLost() {
        SessionTracker t = tracker(10, 100);
        for (String k : new String[]{"a", "b", "c", "d", "e", "d"}) {
            t.add("s", k, T0, closed::add);
        }
        t.flush(closed::add);
        SessionSample s = closed.get(0);
        assertEquals(4, s.distinctKeys());
        assertEquals(3, s.count(SessionSample.OVERFLOW));
        assertEquals(6, s.events());
        assertEquals(3, t.stats().overflowEvents());
    }

    @Test
    void eventsWithoutAnEntityAreCountedAndJoinNoSession() {
        SessionTracker t = tracker(10, 100);
        t.add(null, "k", T0, closed::add);
        assertEquals(0, t.openSessions());
        assertEquals(1, t.stats().unkeyed());
    }

    @Test
    void aSignatureKeepsItsKeyWhenTheEngineGeneralisesItsTemplate() {
        SignatureEngine engine = new SignatureEngine(EngineConfig.defaults());
        // worker names with inner punctuation: a name at that position, so the third one generalises it (rule e)
        Match first = engine.add("Starting worker svc-alpha on node-1");
        String key = SessionTracker.signatureKey(first.signature());
        String firstId = first.signature().id();
        engine.add("Starting worker svc-beta on node-1");
        Match third = engine.add("Starting worker svc-gamma on node-1");
        if (!third.signature().id().equals(firstId)) {
            assertEquals(key, SessionTracker.signatureKey(third.signature()), "generalised: same key as before");
        } else {
            assertNotEquals(null, key);
        }
        // and a key is never the new id when ancestors exist
        assertTrue(third.signature().ancestors().isEmpty()
                || SessionTracker.signatureKey(third.signature()).equals(third.signature().ancestors().get(0)));
    }

    @Test
    void settingsOutOfRangeNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder().maxOpenSessions(0).build());
        assertTrue(e.getMessage().startsWith("maxOpenSessions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SessionConfig.builder().inactivityGap(Duration.ofHours(2)).maxDuration(Duration.ofHours(1)).build());
        assertTrue(e.getMessage().startsWith("maxDuration"), e.getMessage());
    }
}
