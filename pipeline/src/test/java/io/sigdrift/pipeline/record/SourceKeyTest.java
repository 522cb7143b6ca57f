package io.sigdrift.pipeline.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigdrift.pipeline.anomaly.AnomalyStage;
import org.junit.jupiter.api.Test;

class SourceKeyTest {
    private static final long T0 = 1_773_446_400_000L; // 2026-03-14T00:00:00Z

    @Test
    void theKeyedStateFormIsTheSourceAloneOrSourceNulSplit() {
        // Pinned: keyed state is stored under these exact strings, so old checkpoints restore only if they stay.
        assertEquals("web", SourceKey.encode("web", 0));
        assertEquals("web\u00003", SourceKey.encode("web", 3));
    }

    @Test
    void sourceAndSplitComeBackFromTheKey() {
        for (int split : new int[] {0, 1, 17}) {
            String key = SourceKey.encode("logs/app-1.log", split);
            assertEquals("logs/app-1.log", SourceKey.sourceOf(key));
            assertEquals(split, SourceKey.splitOf(key));
        }
    }

    @Test
    void theDisplayFormShowsTheSplitAfterAHash() {
        assertEquals("web", SourceKey.display(SourceKey.encode("web", 0)));
        assertEquals("web#2", SourceKey.display(SourceKey.encode("web", 2)));
    }

    @Test
    void bothKeyedStagesKeyALineAndItsCountsAlike() throws Exception {
        ParsedLine line = new ParsedLine("web", 2, "GET /", T0, ParsedLine.TimeOrigin.PARSED);
        StageRecord count = StageRecord.of(CountRecord.total("web", 2, T0, T0 + 60_000, 1, 1));
        assertEquals(line.key(), new AnomalyStage.StageKey().getKey(count));
    }
}
