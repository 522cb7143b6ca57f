package io.sigdrift.pipeline.connect;

import io.sigdrift.pipeline.input.InputConfig;
import io.sigdrift.pipeline.input.LineCleaner;
import io.sigdrift.pipeline.input.SkipReason;
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
 * Kafka record values as {@link RawLine}s (origin = topic). Values are UTF-8 with the policy of every other
 * input ({@code LineReader}, {@code LineCleaner}): invalid bytes become U+FFFD, and only a value that is then
 * mostly control or replacement characters (the cleaner's binary share) is a {@code binary-record} error record
 * (then a dead letter with a hex preview and its partition and offset) rather than mojibake in the signatures or
 * a failed job; one bad byte in a readable line does not lose the line. One record is one event, even if it
 * holds newlines (a multi-line event).
 */
public final class KafkaLineDeserializer implements KafkaRecordDeserializationSchema<RawLine> {
    private static final long serialVersionUID = 1L;
    private static final int PREVIEW_BYTES = 64;

    private transient CharsetDecoder decoder;
    private transient LineCleaner cleaner;

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
            String replaced = new String(value, StandardCharsets.UTF_8);   // rare path: allocation is fine
            if (cleaner == null) {
                cleaner = new LineCleaner(InputConfig.DEFAULT_BINARY_SHARE);
            }
            if (cleaner.clean(replaced) == null && cleaner.skip() == SkipReason.BINARY) {
                out.collect(RawLine.failed(record.topic(), DeadLetter.Reason.BINARY_RECORD, "not UTF-8 at partition "
                        + record.partition() + " offset " + record.offset() + ", first bytes: " + hex(value)));
            } else {
                out.collect(new RawLine(record.topic(), replaced));
            }
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
