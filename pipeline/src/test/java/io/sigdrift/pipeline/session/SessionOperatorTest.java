package io.sigdrift.pipeline.session;

import io.sigdrift.models.detect.IsolationForestDetector;
import io.sigdrift.models.score.SessionScorerConfig;
import io.sigdrift.models.session.SessionConfig;
import io.sigdrift.pipeline.anomaly.AnomalyRecord;
import io.sigdrift.pipeline.record.SessionEvent;
import io.sigdrift.pipeline.record.SourceKey;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionOperatorTest {
    static final String KEY = SourceKey.encode("orders", 0);

    static SessionSettings settings(String detector) {
        return new SessionSettings("req-[0-9a-f]+", SessionScorerConfig.builder().trainSessions(40).detector(detector)
                .session(SessionConfig.builder().inactivityGap(Duration.ofMinutes(1)).build()).build(), null);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SessionEvent, AnomalyRecord> harness(SessionSettings s)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new SessionOperator(s, 16), new SessionStage.EventKey(),
                Types.STRING);
    }

    /** Events as the count operator sends them; the signature key is the step name here (the engine is not under test). */
    static List<SessionEvent> events() {
        List<SessionEvent> out = new ArrayList<>();
        for (OrderServiceLog.Line l : OrderServiceLog.generate(60, 7, Map.of(50, "timeout", 55, "error"))) {
            SessionEvent e = new SessionEvent();
            e.key = KEY;
            e.source = "orders";
            e.entity = l.request();
            e.signatureKey = l.step();
            e.template = l.step() + " <*>";
            e.line = l.text();
            e.timestamp = l.millis();
            out.add(e);
        }
        return out;
    }

    static List<AnomalyRecord> records(KeyedOneInputStreamOperatorTestHarness<String, SessionEvent, AnomalyRecord> h) {
        List<AnomalyRecord> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((AnomalyRecord) r.getValue());
            }
        }
        return out;
    }

    @Test
    void theStageTrainsOnTheFirstSessionsThenEmitsSessionAnomaliesNamingTheRequestAndTheMissingStep() throws Exception {
        try (var h = harness(settings("invariants"))) {
            h.open();
            for (SessionEvent e : events()) {
                h.processElement(e, e.timestamp);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<AnomalyRecord> out = records(h);
            assertEquals(2, out.size(), out.toString());
            AnomalyRecord timeout = out.stream().filter(a -> a.explanation.contains("missing")).findFirst().orElseThrow();
            assertEquals("SESSION", timeout.kind);
            assertEquals("orders", timeout.source);
            assertEquals("completed", timeout.signature);
            assertEquals("completed <*>", timeout.template);
            assertTrue(timeout.score > 50 && timeout.score <= 100, "score " + timeout.score);
            assertTrue(timeout.id.matches("[0-9a-f]{16}"));
            assertTrue(timeout.examples.length >= 1 && timeout.examples.length <= 3);
            String timedOut = events().stream().filter(e -> e.line.equals(timeout.examples[0])).findFirst().orElseThrow()
                    .entity;
            assertTrue(timeout.explanation.contains("session of " + timedOut), timeout.explanation);
            AnomalyRecord error = out.stream().filter(a -> "declined".equals(a.signature)).findFirst().orElseThrow();
            assertTrue(error.examples[0].contains("payment declined"), List.of(error.examples).toString());
        }
    }

    @Test
    void aSnapshotTakenMidStreamRestoresToTheSameSessionAnomaliesAsAnUninterruptedRun() throws Exception {
        List<SessionEvent> events = events();
        List<String> expected;
        try (var h = harness(settings("invariants"))) {
            h.open();
            for (SessionEvent e : events) {
                h.processElement(e, e.timestamp);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            expected = records(h).stream().map(a -> a.id + a.explanation + List.of(a.examples)).toList();
        }
        for (int cut : new int[]{10, 170, 205}) {
            List<String> got = new ArrayList<>();
            OperatorSubtaskState snapshot;
            try (var h = harness(settings("invariants"))) {
                h.open();
                for (SessionEvent e : events.subList(0, cut)) {
                    h.processElement(e, e.timestamp);
                }
                snapshot = h.snapshot(1, 1);
                records(h).forEach(a -> got.add(a.id + a.explanation + List.of(a.examples)));
            }
            try (var h = harness(settings("invariants"))) {
                h.initializeState(snapshot);
                h.open();
                for (SessionEvent e : events.subList(cut, events.size())) {
                    h.processElement(e, e.timestamp);
                }
                h.processWatermark(new Watermark(Long.MAX_VALUE));
                records(h).forEach(a -> got.add(a.id + a.explanation + List.of(a.examples)));
            }
            assertEquals(expected, got, "cut at " + cut);
        }
    }

    /**
     * The job jar carries Smile without its native BLAS (pipeline/pom.xml excludes org.bytedeco): this test runs on
     * that classpath, so it proves the isolation forest trains and scores in the job's operator without them.
     */
    @Test
    void theIsolationForestRunsInTheOperatorWithoutSmilesNativeLibrariesOnTheClasspath() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.bytedeco.javacpp.Loader"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.bytedeco.openblas.global.openblas"));
        try (var h = harness(settings(IsolationForestDetector.KIND))) {
            h.open();
            for (SessionEvent e : events()) {
                h.processElement(e, e.timestamp);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<AnomalyRecord> out = records(h);
            assertTrue(out.stream().anyMatch(a -> "declined".equals(a.signature)), out.toString());
            assertTrue(out.stream().allMatch(a -> a.explanation.contains("isolation-forest")));
        }
    }

    @Test
    void openSessionsPerSourceStayWithinTheBoundAndAStateAboveANewSmallerBoundIsRefusedOnRestore() throws Exception {
        SessionSettings small = new SessionSettings("req-[0-9a-f]+", SessionScorerConfig.builder().trainSessions(40)
                .session(SessionConfig.builder().inactivityGap(Duration.ofHours(1)).maxOpenSessions(8).build()).build(),
                null);
        SessionSettings wide = new SessionSettings("req-[0-9a-f]+", SessionScorerConfig.builder().trainSessions(40)
                .session(SessionConfig.builder().inactivityGap(Duration.ofHours(1)).build()).build(), null);
        OperatorSubtaskState snapshot;
        try (var h = harness(wide)) {
            h.open();
            for (SessionEvent e : events().subList(0, 60)) {   // about a dozen requests, none closed by time yet
                h.processElement(e, e.timestamp);
            }
            assertTrue(((SessionOperator) h.getOneInputOperator()).openSessions(KEY) > 8);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(small)) {
            h.initializeState(snapshot);
            h.open();
            SessionEvent e = events().get(60);
            Exception failure = assertThrows(Exception.class, () -> h.processElement(e, e.timestamp));
            Throwable cause = failure;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("session state of source orders cannot be restored")
                    && cause.getMessage().contains("--session-max-open"), cause.getMessage());
        }
        try (var h = harness(small)) {
            h.open();
            for (SessionEvent e : events()) {
                h.processElement(e, e.timestamp);
            }
            SessionOperator op = (SessionOperator) h.getOneInputOperator();
            assertTrue(op.openSessions(KEY) <= 8, "open sessions " + op.openSessions(KEY));
        }
    }

    @Test
    void pcaIsRefusedAtStartupBecauseTheJobJarHasNoNativeBlas() {
        var e = assertThrows(IllegalArgumentException.class, () -> settings("pca-residual"));
        assertTrue(e.getMessage().contains("native BLAS"), e.getMessage());
    }
}
