package io.sigdrift.dashboard.ingest;

import java.util.List;

/**
 * The job's output topics: {@code sigdrift run --output kafka://HOST:PORT/PREFIX} writes
 * {@code PREFIX.signatures}, {@code PREFIX.counts}, {@code PREFIX.anomalies}, {@code PREFIX.dead-letters} and, with feedback,
 * {@code PREFIX.suppressed} and {@code PREFIX.audit}
 * (pipeline's {@code RunCommand}, one topic per stream, the stream's name after a dot), the same version-1
 * JSON records as the files of {@code --output DIR}, one record per Kafka message.
 *
 * @param bootstrapServers {@code HOST:PORT[,HOST:PORT]}
 * @param prefix           the topic given to the job's {@code --output}
 */
public record KafkaTopics(String bootstrapServers, String prefix) {
    /** Kafka's legal topic characters; the prefix gets a '.' and a stream name appended. */
    private static final String TOPIC_CHARS = "[A-Za-z0-9._-]{1,200}";

    public KafkaTopics {
        if (bootstrapServers == null || !bootstrapServers.matches("[^/,\\s]+:\\d{1,5}(,[^/,\\s]+:\\d{1,5})*")) {
            throw new IllegalArgumentException("--data kafka://HOST:PORT[,HOST:PORT]/PREFIX: bad servers '"
                    + bootstrapServers + "'");
        }
        if (prefix == null || !prefix.matches(TOPIC_CHARS)) {
            throw new IllegalArgumentException("--data kafka://HOST:PORT/PREFIX: the prefix must be 1-200 characters of"
                    + " [A-Za-z0-9._-], was '" + prefix + "'");
        }
    }

    public static boolean isKafka(String spec) {
        return spec.startsWith("kafka://");
    }

    /** {@code kafka://HOST:PORT[,HOST:PORT]/PREFIX}, as the job's {@code --output}. */
    public static KafkaTopics parse(String spec) {
        String rest = spec.substring("kafka://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("--data '" + spec + "' must look like kafka://HOST:PORT/PREFIX"
                    + " (the PREFIX the job was given in --output kafka://HOST:PORT/PREFIX)");
        }
        return new KafkaTopics(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The topics in the order the ingester reads them: signatures before the counts and anomalies that use them. */
    public List<String> topics() {
        return Ingester.STREAMS.stream().map(s -> prefix + "." + s).toList();
    }

    @Override
    public String toString() {
        return "kafka://" + bootstrapServers + "/" + prefix;
    }
}
