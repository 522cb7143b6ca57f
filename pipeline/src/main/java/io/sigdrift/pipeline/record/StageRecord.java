package io.sigdrift.pipeline.record;

/**
 * A window count or a signature event, on the one ordered channel from the count operator to the anomaly
 * stage. Why one channel: on two channels Flink does not fix how the two kinds interleave, and the stage's
 * output (NEW vs renamed signatures) depends on seeing a signature's event before the window counts that
 * use it — which is the order the count operator produces them in. Exactly one field is set. A POJO, so
 * Flink serializes it without Kryo.
 */
public class StageRecord {
    public CountRecord count;
    public SignatureEvent signature;

    public StageRecord() {}

    public static StageRecord of(CountRecord count) {
        StageRecord r = new StageRecord();
        r.count = count;
        return r;
    }

    public static StageRecord of(SignatureEvent signature) {
        StageRecord r = new StageRecord();
        r.signature = signature;
        return r;
    }
}
