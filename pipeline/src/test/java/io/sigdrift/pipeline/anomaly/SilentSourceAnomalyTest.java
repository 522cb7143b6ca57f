package io.sigdrift.pipeline.anomaly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.baselines.SourceDetectorConfig;
import io.sigdrift.pipeline.job.Deployment;
import io.sigdrift.pipeline.job.EngineSettings;
import io.sigdrift.pipeline.job.SigdriftJob;
import io.sigdrift.pipeline.job.SignatureCountOperator;
import io.sigdrift.pipeline.record.CountRecord;
import io.sigdrift.pipeline.record.LineBatch;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.StageRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A live source that stops altogether: the count operator's idle timer emits zero-total windows for it,
 * and the anomaly stage reports the stop from them while it lasts (without them it would see nothing
 * until the source sends again). The count operator runs in its harness (processing time is driven by
 * the test); its outputs then go through the anomaly stage as the job wires it ({@link AnomalyStage}).
 */
class SilentSourceAnomalyTest {
    static final long MINUTE = 60_000L;
    static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % MINUTE;
    static final String SOURCE = "api";
    static final int WARMUP = 20;
    static final long IDLENESS = 30_000;
    static final int SILENT_WINDOWS = 10;

    @Test
    void aSourceThatStopsWhileTheJobRunsIsReportedFromItsZeroWindows() throws Exception {
        List<CountRecord> counts = new ArrayList<>();
        List<StageRecord> stage = new ArrayList<>();
        int windows = 3 * WARMUP;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new SignatureCountOperator(EngineSettings.defaults(),
                MINUTE, 16, 0, IDLENESS, 0, SILENT_WINDOWS).withStageOutput(), new SigdriftJob.BatchKey(), Types.STRING)) {
            h.setProcessingTime(0);
            h.open();
            for (int i = 0; i < windows; i++) {
                for (int k = 0; k < 4 + i % 3; k++) {   // 4..6 heartbeats a minute
                    long ts = T0 + i * MINUTE + k * 9_000L;
                    h.processElement(LineBatch.of(new ParsedLine(SOURCE, 0, "heartbeat node=worker-1 status=ok",
                            ts, ParsedLine.TimeOrigin.PARSED)), ts);
                }
            }
            for (long wall = IDLENESS; wall <= 40 * IDLENESS; wall += IDLENESS) {
                h.setProcessingTime(wall);   // the source has stopped; the job keeps running
            }
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    counts.add((CountRecord) r.getValue());
                }
            }
            h.getSideOutput(SignatureCountOperator.STAGE).forEach(r -> stage.add(r.getValue()));
        }
        long zeros = counts.stream().filter(c -> c.isTotal() && c.count == 0).count();
        assertTrue(zeros == SILENT_WINDOWS, "zero windows: " + zeros);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Deployment(1,
                null, null, "hashmap", null, 0, 0).configuration());
        List<AnomalyRecord> all = AnomalyStage.attach(env.fromData(stage, TypeInformation.of(StageRecord.class)),
                        SourceDetectorConfig.builder().warmupWindows(WARMUP).cooldownWindows(3).build(),
                        SignatureCountOperator.DEFAULT_MAX_CACHED_KEYS)
                .executeAndCollect(10_000);
        long firstSilent = T0 + windows * MINUTE;
        List<AnomalyRecord> found = all.stream()
                .filter(a -> a.change.equals("CREATED") && a.windowStart >= firstSilent
                        && (a.kind.equals("DROP") || a.kind.equals("VOLUME")) && a.direction < 0)
                .toList();
        assertTrue(!found.isEmpty(), "a DROP or VOLUME drop opens during the silence: " + all);
        assertTrue(found.get(0).windowStart < firstSilent + SILENT_WINDOWS * MINUTE);
    }
}
