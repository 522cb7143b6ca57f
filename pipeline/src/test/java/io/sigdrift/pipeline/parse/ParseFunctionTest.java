package io.sigdrift.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The Flink shell of {@link LineParser} takes "now" from the job's clock for every record: the verdicts of
 * the timestamp range check and the ingestion-time fallback follow that clock, not the machine's.
 */
class ParseFunctionTest {
    static final Instant T0 = Instant.parse("2026-03-14T00:00:00Z");
    static final Duration MAX_FUTURE = ParseConfig.DEFAULT_MAX_FUTURE;

    /** A clock the test moves (a harness does not serialize the function, so no Serializable is needed here). */
    static final class MovableClock extends Clock {
        final AtomicLong millis = new AtomicLong();

        MovableClock(Instant at) {
            millis.set(at.toEpochMilli());
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    }

    private static OneInputStreamOperatorTestHarness<RawLine, ParsedLine> harness(ParseConfig config, Clock clock)
            throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ParseFunction(config, clock));
    }

    private static RawLine line(Instant at, String text) {
        return new RawLine("app.log", at + " " + text);
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<RawLine, ParsedLine> h) {
        return h.getSideOutput(ParseFunction.DEAD_LETTERS) == null ? List.of()
                : h.getSideOutput(ParseFunction.DEAD_LETTERS).stream().map(r -> r.getValue()).toList();
    }

    @Test
    void aLineIsJudgedAgainstTheJobsClockNotTheMachines() throws Exception {
        Clock fixed = Clock.fixed(T0, ZoneOffset.UTC);
        try (var h = harness(ParseConfig.defaults(), fixed)) {
            h.processElement(line(T0.minus(Duration.ofHours(1)), "GET / 200"), 0);
            h.processElement(line(T0.plus(MAX_FUTURE).plusSeconds(60), "GET / 200"), 0);
            assertEquals(1, h.extractOutputValues().size());
            List<DeadLetter> dead = deadLetters(h);
            assertEquals(1, dead.size());
            assertEquals(DeadLetter.Reason.TIMESTAMP_OUT_OF_RANGE, dead.get(0).reason);
            assertEquals(T0.toEpochMilli(), dead.get(0).timestamp, "dead letters are stamped with the job's now");
        }
    }

    @Test
    void nowIsReadPerRecordSoAJobRunningForWeeksAcceptsTodaysLines() throws Exception {
        MovableClock clock = new MovableClock(T0);
        try (var h = harness(ParseConfig.defaults(), clock)) {
            h.processElement(line(T0, "user alice logged in"), 0);
            clock.advance(Duration.ofDays(20));
            Instant later = T0.plus(Duration.ofDays(20));
            // ahead of the clock at open by far more than --max-future, but recent for the clock now
            h.processElement(line(later, "user bob logged in"), 0);
            assertEquals(List.of(), deadLetters(h));
            assertEquals(List.of(T0.toEpochMilli(), later.toEpochMilli()),
                    h.extractOutputValues().stream().map(p -> p.timestamp).toList());
        }
    }

    @Test
    void aLineWithoutTimestampTakesTheJobsNowAsIngestionTime() throws Exception {
        MovableClock clock = new MovableClock(T0);
        ParseConfig ingestion = ParseConfig.builder().missingTime(ParseConfig.MissingTime.INGESTION).build();
        try (var h = harness(ingestion, clock)) {
            h.processElement(new RawLine("app.log", "worker started"), 0);
            clock.advance(Duration.ofMinutes(5));
            h.processElement(new RawLine("app.log", "worker stopped"), 0);
            assertEquals(List.of(T0.toEpochMilli(), T0.plus(Duration.ofMinutes(5)).toEpochMilli()),
                    h.extractOutputValues().stream().map(p -> p.timestamp).toList());
        }
    }

    @Test
    void aFunctionWithoutClockIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ParseFunction(ParseConfig.defaults(), null));
    }
}
