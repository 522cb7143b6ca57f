package io.sigdrift.pipeline.job;

import java.nio.file.Path;

/**
 * An input or output location: a path, {@code kafka://HOST:PORT[,HOST:PORT]/TOPIC}, or (output only)
 * {@code stdout}; as input, {@code -} is standard input.
 */
public record Endpoint(Kind kind, Path path, String bootstrapServers, String topic) {
    public enum Kind { PATH, KAFKA, STDOUT, STDIN }

    public static Endpoint parse(String flag, String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(flag + " is required");
        }
        if (spec.equals("stdout") || spec.equals("-")) {
            return new Endpoint(Kind.STDOUT, null, null, null);
        }
        if (spec.startsWith("kafka://")) {
            String rest = spec.substring("kafka://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1 || rest.substring(0, slash).indexOf(':') < 0) {
                throw new IllegalArgumentException(flag + " '" + spec + "' must look like kafka://HOST:PORT/TOPIC");
            }
            return new Endpoint(Kind.KAFKA, null, rest.substring(0, slash), rest.substring(slash + 1));
        }
        if (spec.contains("://")) {
            throw new IllegalArgumentException(flag + " '" + spec + "': only file paths and kafka://HOST:PORT/TOPIC are supported");
        }
        return new Endpoint(Kind.PATH, Path.of(spec), null, null);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PATH -> path.toString();
            case KAFKA -> "kafka://" + bootstrapServers + "/" + topic;
            case STDOUT -> "stdout";
            case STDIN -> "stdin";
        };
    }
}
