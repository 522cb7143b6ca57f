package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --kafka-delivery}: exactly-once Kafka output needs a Kafka output and checkpoints (its commits happen there). */
class KafkaDeliveryFlagTest {
    static final String IN = "kafka://h:9092/logs";
    static final String OUT = "kafka://h:9092/sigdrift";

    @TempDir
    Path tmp;

    @Test
    void kafkaOutputIsAtLeastOnceUnlessExactlyOnceIsAsked() {
        assertFalse(RunSpec.parse(new String[] {"--input", IN, "--output", OUT, "--checkpoints", tmp.toString()}).kafkaExactlyOnce());
        assertTrue(RunSpec.parse(new String[] {"--input", IN, "--output", OUT, "--checkpoints", tmp.toString(),
                "--kafka-delivery", "exactly-once"}).kafkaExactlyOnce());
    }

    @Test
    void exactlyOnceWithoutCheckpointsIsRefusedBecauseNothingWouldEverBeCommitted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {
                "--input", IN, "--output", OUT, "--no-checkpoints", "--kafka-delivery", "exactly-once"}));
        assertTrue(e.getMessage().contains("--no-checkpoints"), e.getMessage());
    }

    @Test
    void exactlyOnceAppliesToKafkaOutputOnlyAndUnknownGuaranteesAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {
                "--input", IN, "--output", "stdout", "--no-checkpoints", "--kafka-delivery", "exactly-once"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSpec.parse(new String[] {
                "--input", IN, "--output", OUT, "--checkpoints", tmp.toString(), "--kafka-delivery", "at-most-once"}));
        assertTrue(e.getMessage().contains("at-least-once or exactly-once"), e.getMessage());
    }
}
