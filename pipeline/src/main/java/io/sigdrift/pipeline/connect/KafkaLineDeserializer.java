package io.sigdrift.pipeline.connect;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.RawLine;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record values as {@link RawLine}s (origin = topic). Values are decoded as strict UTF-8: a
 * binary value becomes a {@code binary-record} error record (then a dead letter with a hex preview)
 * rather than mojibake in the signatures or a failed job. One record is one event, even if it holds
 * newlines (a multi-line event).
 */
public final class KafkaLineDeserializer implements KafkaRecordDeserializationSchema<RawLine> {
    private static final long serialVersionUID = 1L;
    private static final int PREVIEW_BYTES = 64;

    private transient CharsetDecoder decoder;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        byte[] value = record.value();
        if (value == null) {
            out.collect(RawLine.failed(record.topic(), DeadLetter.Reason.EMPTY_RECORD, "null value at partition "
                    + record.partition() + " offset " + record.offset()));
            return;
        }
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(value));
            out.collect(new RawLine(record.topic(), chars.toString()));
        } catch (CharacterCodingException e) {
            out.collect(RawLine.failed(record.topic(), DeadLetter.Reason.BINARY_RECORD, "not UTF-8 at partition "
                    + record.partition() + " offset " + record.offset() + ", first bytes: " + hex(value)));
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, PREVIEW_BYTES); i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return b.length > PREVIEW_BYTES ? sb.append("...").toString() : sb.toString();
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
