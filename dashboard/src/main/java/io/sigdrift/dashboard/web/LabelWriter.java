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
 * Writes feedback records (labels and revokes in the feedback-stream format of the analyst-loop contract,
 * {@link LabelRecord}) to the feedback directory, one committed file per record: written under a hidden
 * name ('.'-prefixed, like the job's in-progress files) and renamed atomically, so a reader that watches the
 * directory for new {@code *.jsonl} files (the job's {@code --feedback DIR}, or this dashboard's own
 * ingester) never sees half a record. Labels arrive at human speed, so a file each is cheap.
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

    /** Writes one record as {@code DIR/<type>-<epoch ms>-<id>.jsonl}; returns the file. */
    public synchronized Path write(String type, String id, Instant time, ObjectNode record) throws IOException {
        Files.createDirectories(dir);
        String name = type + "-" + time.toEpochMilli() + "-" + id + ".jsonl";
        Path tmp = dir.resolve("." + name + ".inprogress");
        Files.writeString(tmp, json.writeValueAsString(record) + "\n", StandardCharsets.UTF_8);
        Path target = dir.resolve(name);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
