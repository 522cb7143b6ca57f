package io.sigdrift.pipeline.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class JsonLineRecordsTest {
    /** A window end of replayed data, months before any broker clock that would read it. */
    static final long EVENT_TIME = Instant.parse("2026-03-14T00:01:00Z").toEpochMilli() - 1;

    @Test
    void aLineBecomesAUtf8ValueInItsTopicWithoutKeyOrPartition() {
        String line = "{\"type\":\"signature\",\"template\":\"Connexion refusée <IP>\"}";
        ProducerRecord<byte[], byte[]> r = new JsonLineRecords("out.signatures").serialize(line, null, EVENT_TIME);
        assertEquals("out.signatures", r.topic());
        assertArrayEquals(line.getBytes(StandardCharsets.UTF_8), r.value());
        assertNull(r.key());
        assertNull(r.partition());
    }

    @Test
    void theEventTimeIsNotTheRecordTimestampSoBrokerRetentionDoesNotDeleteReplayedOutputs() {
        // null: the producer stamps the time of writing (CreateTime); the event time stays in the JSON
        assertNull(new JsonLineRecords("out.counts").serialize("{}", null, EVENT_TIME).timestamp());
    }

    @Test
    void aKafkaOutputNeedsATopic() {
        assertThrows(IllegalArgumentException.class, () -> new JsonLineRecords(" "));
    }
}
