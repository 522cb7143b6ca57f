package io.sigdrift.pipeline.job;

import static io.sigdrift.pipeline.job.SignatureCountOperatorTest.T0;
import static io.sigdrift.pipeline.job.SignatureCountOperatorTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigdrift.pipeline.state.WriteBackTiming;
import org.junit.jupiter.api.Test;

/** The count operator publishes each checkpoint's write-back (id, keys, wall and CPU ms) for the pause benchmark. */
class CheckpointWriteTimingTest {

    @Test
    void eachSnapshotPublishesItsIdAndTheSourcesItWrote() throws Exception {
        SignatureCountOperator op = SignatureCountOperatorTest.operator();
        try (var h = SignatureCountOperatorTest.harness(op)) {
            h.open();
            WriteBackTiming t = op.writeTiming();
            assertEquals(-1, t.checkpointId(), "nothing before the first checkpoint");
            send(h, "ssh", T0 + 1, "Accepted publickey for deploy from 10.0.0.1 port 50001 ssh2");
            send(h, "web", T0 + 2, "GET /index.html 200");
            h.snapshot(7, 7);
            assertEquals(7, t.checkpointId());
            assertEquals(2, t.keys(), "both sources changed");
            assertTrue(t.wallMs() >= 0);
            assertTrue(t.cpuMs() >= -1, "-1 only where the JVM cannot measure thread CPU time");
            send(h, "web", T0 + 3, "GET /about.html 200");
            h.snapshot(8, 8);
            assertEquals(8, t.checkpointId());
            assertEquals(1, t.keys(), "only the source that changed since");
            h.snapshot(9, 9);
            assertEquals(9, t.checkpointId());
            assertEquals(0, t.keys());
        }
    }

    /**
     * A burst of new signatures is encoded for the checkpoint as the signatures are made, so that the checkpoint
     * after it does not encode them all inside its pause; a generalised signature is encoded again at once.
     */
    @Test
    void signaturesAreEncodedForTheNextCheckpointWhenTheyAreCreatedOrChanged() throws Exception {
        SignatureCountOperator op = SignatureCountOperatorTest.operator();
        try (var h = SignatureCountOperatorTest.harness(op)) {
            h.open();
            send(h, "ssh", T0 + 1, "Accepted publickey for deploy from 10.0.0.1 port 50001 ssh2");
            send(h, "ssh", T0 + 2, "session opened for user deploy by (uid=0)");
            send(h, "ssh", T0 + 3, "session opened for user backup by (uid=0)");   // generalises the one before
            var engine = op.cachedEngine("ssh");
            assertTrue(engine.stats().updated() > 0, "a signature was generalised: " + engine.stats());
            assertEquals(2, engine.signatures().size());
            for (var s : engine.signatures()) {
                assertTrue(engine.encodedForWrite(s), "encoded before any checkpoint: " + s.template());
            }
        }
    }
}
