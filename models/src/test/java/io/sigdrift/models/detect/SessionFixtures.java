package io.sigdrift.models.detect;

import io.sigdrift.models.session.SessionSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Workflow sessions shaped like a storage write: one allocate, per replica one receive / stored / close, sometimes a
 * few verifications. 1 % of the training sessions are failed writes (an error and a missing close) and carry the
 * ANOMALY label; the rest carry NORMAL. Unsupervised detectors ignore the labels.
 */
final class SessionFixtures {
    static final long T0 = Instant.parse("2026-03-14T00:00:00Z").toEpochMilli();
    static final int TRAINING = 400;
    static final int ANOMALY_EVERY = 100;

    private SessionFixtures() {}

    static List<SessionSample> training() {
        Random r = new Random(7);
        List<SessionSample> out = new ArrayList<>();
        for (int i = 0; i < TRAINING; i++) {
            boolean anomaly = i % ANOMALY_EVERY == ANOMALY_EVERY / 2;
            SessionSample s = anomaly ? failedWrite("t" + i, T0 + i * 1000L, 1 + r.nextInt(3))
                    : write("t" + i, T0 + i * 1000L, 1 + r.nextInt(3), r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
            out.add(s.withLabel(anomaly ? SessionSample.ANOMALY : SessionSample.NORMAL));
        }
        return out;
    }

    static SessionSample write(String id, long t, int replicas, int verifications) {
        List<String> seq = new ArrayList<>();
        seq.add("allocate");
        for (int k = 0; k < replicas; k++) {
            seq.add("receive");
        }
        for (int k = 0; k < replicas; k++) {
            seq.add("stored");
            seq.add("close");
        }
        for (int k = 0; k < verifications; k++) {
            seq.add("verify");
        }
        return SessionSample.ofSequence(id, t, seq.toArray(new String[0]));
    }

    /** An error, and one replica never closes. */
    static SessionSample failedWrite(String id, long t, int replicas) {
        List<String> seq = new ArrayList<>();
        seq.add("allocate");
        for (int k = 0; k < replicas; k++) {
            seq.add("receive");
        }
        seq.add("error");
        for (int k = 0; k < replicas - 1; k++) {
            seq.add("stored");
            seq.add("close");
        }
        return SessionSample.ofSequence(id, t, seq.toArray(new String[0]));
    }

    /** Probe sessions used by the contract and the fixture files: typical, failed, unseen signature. */
    static List<SessionSample> probes() {
        return List.of(write("p-normal", T0, 3, 0), write("p-normal-verified", T0, 2, 1), failedWrite("p-failed", T0, 3),
                SessionSample.ofSequence("p-unseen", T0, "allocate", "receive", "stored", "close", "kernel-panic"));
    }
}
