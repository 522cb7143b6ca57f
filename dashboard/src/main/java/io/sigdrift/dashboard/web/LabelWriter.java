package io.sigdrift.dashboard.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Writes analyst labels to the feedback stream directory, one committed file per label: written under a
 * hidden name ('.'-prefixed, like the job's in-progress files) and renamed atomically, so a reader that
 * watches the directory for new files (Flink's FileSource in continuous mode, or this dashboard's own
 * ingester) never sees half a record, and never needs to follow appends. Labels arrive at human speed,
 * so a file each is cheap.
 *
 * <p>Record: {@code {"v":1,"type":"label","label_id","anomaly_id","kind","note","author","scope","time"}}.
 */
public final class LabelWriter {
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    public LabelWriter(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public record Label(String labelId, String anomalyId, String kind, String note, String author, String scope,
                        Instant time) {}

    public synchronized Path write(Label l) throws IOException {
        Files.createDirectories(dir);
        ObjectNode n = json.createObjectNode().put("v", 1).put("type", "label").put("label_id", l.labelId())
                .put("anomaly_id", l.anomalyId()).put("kind", l.kind()).put("note", l.note()).put("author", l.author())
                .put("scope", l.scope()).put("time", l.time().toString());
        String name = "label-" + l.time().toEpochMilli() + "-" + l.labelId() + ".jsonl";
        Path tmp = dir.resolve("." + name + ".inprogress");
        Files.writeString(tmp, json.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
        Path target = dir.resolve(name);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
