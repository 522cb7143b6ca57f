package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.job.EngineSettings;
import io.sigdrift.pipeline.job.SigdriftJob;
import io.sigdrift.pipeline.job.SignatureCountOperator;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.StageRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Both operators in their harnesses, the count operator's stage channel fed to the anomaly operator as the job
 * wires them: an anomaly says what was in its own window (values and lines of that window, not the signature's
 * first lines from long before).
 */
class WindowAttributionTest {
    static final long MINUTE = 60_000L;
    static final long T0 = 1_773_446_400_000L;   // 2026-03-14T00:00:00Z
    static final String SOURCE = "sshd";
    static final int WARMUP = 20;
    static final int NORMAL_WINDOWS = 60;
    static final int FAILED_PER_WINDOW = 30;
    static final int ACCEPTED_PER_WINDOW = 20;
    static final int SPIKE_LINES = 600;
    static final String SCANNER = "203.0.113.77";

    /** The pid carries the window index (window * 10000 + line), so a line tells which window it came from. */
    static String failed(int window, int i, String address) {
        return "sshd[" + (window * 10_000 + i) + "]: Failed password for root from " + address + " port 22 ssh2";
    }

    static String accepted(int window, int i, Random r) {
        return "sshd[" + (window * 10_000 + 5_000 + i) + "]: Accepted publickey for deploy from 10.1.0."
                + r.nextInt(50) + " port " + (40_000 + r.nextInt(20_000)) + " ssh2";
    }

    @Test
    void aSpikeCarriesTheAttributionAndTheLinesOfItsOwnWindow() throws Exception {
        List<StageRecord> stage = countStage();
        List<CountRecord> spikeCounts = stage.stream().filter(r -> r.count != null && !r.count.isTotal()
                && r.count.windowStart == T0 + NORMAL_WINDOWS * MINUTE && r.count.count == SPIKE_LINES).map(r -> r.count).toList();
        assertEquals(1, spikeCounts.size(), "the failed-password signature's count of the spike window");
        assertEquals(SCANNER, spikeCounts.get(0).values[0].value, Arrays.toString(spikeCounts.get(0).values));

        var op = new AnomalyOperator(SourceDetectorConfig.builder().warmupWindows(WARMUP).build(), 16);
        List<AnomalyRecord> out = new ArrayList<>();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(op, new AnomalyStage.StageKey(), Types.STRING)) {
            h.open();
            for (StageRecord r : stage) {
                long ts = r.count != null ? r.count.windowEnd - 1 : r.signature.timestamp;
                h.processElement(new StreamRecord<>(r, ts));
            }
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> s && s.getValue() instanceof AnomalyRecord a) {
                    out.add(a);
                }
            }
        }
        AnomalyRecord spike = out.stream().filter(a -> a.kind.equals("SPIKE") && a.change.equals("CREATED")).findFirst()
                .orElseThrow(() -> new AssertionError(out.toString()));
        assertEquals(T0 + NORMAL_WINDOWS * MINUTE, spike.windowStart);
        assertTrue(spike.attribution.length >= 1);
        AttributionRecord top = spike.attribution[0];
        assertEquals(SCANNER, top.value);
        assertEquals("IP", top.type);
        assertTrue(top.windowShare > 0.9, "share " + top.windowShare);
        assertTrue(top.probability < 1e-12, "p " + top.probability);
        assertTrue(spike.windowExamples.length >= 1 && spike.windowExamples.length <= 3);
        for (String line : spike.windowExamples) {
            assertTrue(line.startsWith("sshd[" + NORMAL_WINDOWS), "a line of the spike window: " + line);
        }
        assertTrue(spike.examples.length > 0, "the signature's examples are still there");
        assertFalse(Arrays.asList(spike.examples).contains(spike.windowExamples[0]), "and they are other lines");
        String json = AnomalyJson.encode(spike);
        assertTrue(json.contains("\"value\":\"" + SCANNER + "\"") && json.contains("\"window_examples\":[\"sshd[" + NORMAL_WINDOWS), json);

        AnomalyRecord volume = out.stream().filter(a -> a.kind.equals("VOLUME") && a.change.equals("CREATED")).findFirst()
                .orElseThrow(() -> new AssertionError(out.toString()));
        assertEquals(1, volume.attribution.length, Arrays.toString(volume.attribution));
        assertEquals(-1, volume.attribution[0].position);
        assertEquals("SIGNATURE", volume.attribution[0].type);
        assertEquals(spike.signature, volume.attribution[0].value, "the failed-password signature carries the rise");
        assertEquals(1, volume.windowExamples.length);
        assertTrue(volume.windowExamples[0].startsWith("sshd[" + NORMAL_WINDOWS), volume.windowExamples[0]);
    }

    /** The count operator's ordered stage channel for 60 normal windows and one with a scanner. */
    private static List<StageRecord> countStage() throws Exception {
        var op = new SignatureCountOperator(EngineSettings.defaults(), MINUTE, 16).withStageOutput();
        Random r = new Random(5);
        List<StageRecord> stage = new ArrayList<>();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(op, new SigdriftJob.BatchKey(), Types.STRING)) {
            h.open();
            for (int w = 0; w <= NORMAL_WINDOWS; w++) {
                boolean spike = w == NORMAL_WINDOWS;
                int failed = spike ? SPIKE_LINES : FAILED_PER_WINDOW;
                int lines = failed + ACCEPTED_PER_WINDOW;
                for (int i = 0; i < lines; i++) {
                    long ts = T0 + w * MINUTE + i * (MINUTE - 1_000) / lines;
                    String line;
                    if (i % (lines / ACCEPTED_PER_WINDOW) == 0 && i / (lines / ACCEPTED_PER_WINDOW) < ACCEPTED_PER_WINDOW) {
                        line = accepted(w, i, r);
                    } else {
                        String address = spike && i % 25 != 0 ? SCANNER : "10.0.0." + r.nextInt(200);
                        line = failed(w, i, address);
                    }
                    h.processElement(LineBatch.of(new ParsedLine(SOURCE, 0, line, ts, ParsedLine.TimeOrigin.PARSED)), ts);
                }
            }
            h.processWatermark(Long.MAX_VALUE);
            h.getSideOutput(SignatureCountOperator.STAGE).forEach(s -> stage.add(s.getValue()));
        }
        return stage;
    }
}
