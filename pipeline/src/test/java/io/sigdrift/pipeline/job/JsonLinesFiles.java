package io.sigdrift.pipeline.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the committed (visible, non-hidden) JSON Lines part files of one output stream directory. */
final class JsonLinesFiles {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLinesFiles() {}

    static List<String> lines(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                for (String l : Files.readAllLines(p)) {
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

    static List<JsonNode> records(Path dir) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines(dir)) {
            try {
                out.add(MAPPER.readTree(l));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }
        return out;
    }
}
