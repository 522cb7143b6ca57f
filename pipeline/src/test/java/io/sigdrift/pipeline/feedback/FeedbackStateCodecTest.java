package io.sigdrift.pipeline.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The broadcast state's entries: round trip, and the committed format-1 entry read forever. */
class FeedbackStateCodecTest {
    @Test
    void anEntryRoundTripsWithItsSequenceAndText() {
        String text = FeedbackJsonTest.CONTRACT_LABEL;
        FeedbackStateCodec.Entry e = FeedbackStateCodec.decode(FeedbackStateCodec.encode(42, text));
        assertEquals(new FeedbackStateCodec.Entry(42, text), e);
        assertEquals("lbl-1a2b", FeedbackJson.parseLine(e.text()).label().labelId());
    }

    @Test
    void theCommittedFormatOneEntryStillDecodes() throws IOException {
        String committed;
        try (InputStream in = getClass().getResourceAsStream("/feedback/state-entry-v1.json")) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        FeedbackStateCodec.Entry e = FeedbackStateCodec.decode(committed);
        assertEquals(7, e.seq());
        assertEquals(FeedbackJsonTest.CONTRACT_LABEL, e.text());
    }

    @Test
    void anUnknownOrCorruptEntryIsCorruptState() {
        assertThrows(IllegalStateException.class, () -> FeedbackStateCodec.decode("{\"v\":2,\"seq\":1,\"text\":\"x\"}"));
        assertThrows(IllegalStateException.class, () -> FeedbackStateCodec.decode("{\"v\":1,"));
        assertThrows(IllegalStateException.class, () -> FeedbackStateCodec.decode("{\"v\":1,\"seq\":1}"));
    }
}
