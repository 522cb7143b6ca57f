package io.sigdrift.pipeline.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one output stream directory of the job ({@code OUTPUT/signatures}, {@code counts},
 * {@code dead-letters}, {@code anomalies}): the JSON Lines of its committed part files, in file-name
 * order. The file sink writes in-progress and pending files with a leading '.', and makes them visible
 * (renames them) only when a checkpoint commits them, so skipping hidden files reads exactly what a
 * consumer may rely on. The one reader of the outputs: the demo's summary, the benchmarks and the tests
 * of pipeline, cluster and benchmarks all use it. A missing directory has no records.
 */
public final class JsonLinesFiles {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLinesFiles() {}

    /** The non-empty lines of the committed part files under {@code dir}. */
    public static List<String> lines(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!l.isEmpty()) {
                        out.add(l);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@link #lines} parsed; a line that is not JSON is an error naming the line. */
    public static List<JsonNode> records(Path dir) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines(dir)) {
            try {
                out.add(MAPPER.readTree(l));
            } catch (IOException e) {
                throw new IllegalStateException("not JSON in " + dir + ": " + l, e);
            }
        }
        return out;
    }
}
