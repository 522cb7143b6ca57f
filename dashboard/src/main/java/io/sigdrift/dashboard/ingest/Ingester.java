package io.sigdrift.dashboard.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.dashboard.store.DataGeneration;
import io.sigdrift.dashboard.store.Database;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the job's committed JSON Lines files into the database, incrementally and idempotently.
 *
 * <p>For every file the byte offset after the last ingested line is stored in {@code ingest_files}, in the
 * same transaction as that batch's rows: a crash at any point leaves rows and offsets that agree, and the
 * next run continues from the offset (tested by killing a child process mid-ingest). Files whose name
 * starts with '.' are the job's in-progress files (Flink's FileSink commits by renaming) and are skipped.
 * Memory is bounded by one batch and one line ({@link IngestSettings#maxLineBytes()}), whatever the size of
 * the data. Not thread-safe: one ingester per database.
 */
public final class Ingester implements AutoCloseable {
    /** The job's output streams, each a directory of {@code part-*.jsonl} files. */
    public static final List<String> STREAMS = List.of("signatures", "counts", "anomalies", "dead-letters");
    private static final int MAX_REJECT_LINE_CHARS = 2_000;
    private static final Pattern PART_COUNTER = Pattern.compile("^(.*)-(\\d+)(\\.[^.]*)?$");

    /** Told after each committed batch (the webhook notifier listens here; it must not block). */
    public interface Listener {
        void committed(String path, long offset, List<String> changedAnomalies);
    }

    public record Report(long records, long rejected, long files, int rolledUpHours) {}

    private final Database db;
    private final IngestSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Listener listener;
    private final Rollup rollup;
    private final KafkaInput kafka;

    public Ingester(Database db, IngestSettings settings, Listener listener) {
        this.db = db;
        this.settings = settings;
        this.listener = listener == null ? (p, o, a) -> { } : listener;
        this.rollup = new Rollup(db, settings);
        this.kafka = settings.kafka() == null ? null : new KafkaInput(settings.kafka(), settings);
    }

    /** Closes the Kafka consumer, if any (file ingestion holds nothing open between passes). */
    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * One pass: every new record (complete lines of committed files, or Kafka records up to the end offsets
     * seen at the start of the pass), then the hour rollup and retention.
     */
    public Report runOnce() throws IOException, SQLException {
        Map<String, Long> offsets = offsets();
        long records = 0;
        long rejected = 0;
        long files = 0;
        if (kafka != null) {
            KafkaInput.Counts k = kafka.ingest(offsets, this::commit);
            records += k.records();
            rejected += k.rejected();
            files += k.partitions();
        }
        for (Input in : inputs()) {
            long size = Files.size(in.file());
            long from = offsets.getOrDefault(in.key(), 0L);
            if (size <= from) {
                continue;
            }
            files++;
            long[] r = ingestFile(in, from);
            records += r[0];
            rejected += r[1];
        }
        int hours = rollup.run();
        return new Report(records, rejected, files, hours);
    }

    private record Input(String key, Path file) {}

    /** Files in a stable order: by directory, then by name with the part counter compared as a number. */
    List<Input> inputs() throws IOException {
        List<Input> out = new ArrayList<>();
        if (settings.dataDir() != null) {
            for (String stream : STREAMS) {
                addFiles(out, settings.dataDir().resolve(stream), stream + "/");
            }
        }
        if (settings.feedbackDir() != null) {
            addFiles(out, settings.feedbackDir(), "feedback/");
        }
        return out;
    }

    private static void addFiles(List<Input> out, Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted(Comparator.comparing((Path p) -> partPrefix(p)).thenComparingLong(Ingester::partCounter)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (Path p : files) {
            out.add(new Input(prefix + p.getFileName(), p));
        }
    }

    private static String partPrefix(Path p) {
        Matcher m = PART_COUNTER.matcher(p.getFileName().toString());
        return m.matches() ? m.group(1) : p.getFileName().toString();
    }

    private static long partCounter(Path p) {
        Matcher m = PART_COUNTER.matcher(p.getFileName().toString());
        if (!m.matches() || m.group(2).length() > 18) {
            return 0;
        }
        return Long.parseLong(m.group(2));
    }

    private Map<String, Long> offsets() throws SQLException {
        return db.with(c -> {
            Map<String, Long> m = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT path, byte_offset FROM ingest_files");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
    }

    /**
     * One record to ingest: its text and where it starts (byte offset or Kafka offset), or the reason it is
     * rejected before parsing (too long, not UTF-8, deleted by a topic's retention) with whatever text there is.
     */
    record Pending(String text, long start, String reject) {}

    /** Commits a batch of one input (file or topic partition) with the input's new offset. */
    interface Committer {
        long commit(String key, List<Pending> batch, long endOffset) throws SQLException;
    }

    private long[] ingestFile(Input in, long from) throws IOException, SQLException {
        long records = 0;
        long rejected = 0;
        try (FileChannel ch = FileChannel.open(in.file(), StandardOpenOption.READ)) {
            ch.position(from);
            InputStream is = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            LineReader reader = new LineReader(is, from, settings.maxLineBytes());
            List<Pending> batch = new ArrayList<>(Math.min(settings.batchSize(), 10_000));
            long end = from;
            LineReader.Line line;
            while ((line = reader.next()) != null) {
                end = line.end();
                if (line.text() != null && line.text().isBlank()) {
                    continue;
                }
                batch.add(new Pending(line.text(), line.start(),
                        line.oversize() ? "line longer than " + settings.maxLineBytes() + " bytes" : null));
                if (batch.size() >= settings.batchSize()) {
                    rejected += commit(in.key(), batch, end);
                    records += batch.size();
                    batch.clear();
                }
            }
            if (!batch.isEmpty() || end > from) {
                rejected += commit(in.key(), batch, end);
                records += batch.size();
            }
        }
        return new long[] {records, rejected};
    }

    /** One transaction: the rows of the batch, its rejects, and the input's new offset. */
    long commit(String key, List<Pending> batch, long endOffset) throws SQLException {
        long[] rejected = {0};
        List<String> changed = db.inTransaction(c -> {
            List<String[]> rejects = new ArrayList<>();
            List<String> written;
            try (BatchWriter w = new BatchWriter(c, db.dialect(), json)) {
                for (Pending p : batch) {
                    String reason = p.reject();
                    if (reason == null) {
                        try {
                            JsonNode node = json.readTree(p.text());
                            if (key.startsWith(KafkaInput.KEY_PREFIX)) {
                                // Kafka's at-least-once sink may deliver a record twice at other offsets: a
                                // record without a natural key (a dead letter) is keyed by its content instead
                                w.add(node, KafkaInput.topicOf(key), KafkaInput.contentKey(p.text()));
                            } else {
                                w.add(node, key, p.start());
                            }
                        } catch (JsonProcessingException e) {
                            reason = "invalid JSON: " + BatchWriter.clip(String.valueOf(e.getOriginalMessage()), 200);
                        } catch (BatchWriter.BadRecord e) {
                            reason = e.getMessage();
                        }
                    }
                    if (reason != null) {
                        String text = p.text() == null ? "" : BatchWriter.clip(p.text(), MAX_REJECT_LINE_CHARS);
                        rejects.add(new String[] {Long.toString(p.start()), reason, text});
                    }
                }
                written = w.flush();
            }
            if (!rejects.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(db.dialect().upsert("ingest_rejects",
                        new String[] {"path", "byte_offset", "reason", "line"}, "path", "byte_offset"))) {
                    for (String[] r : rejects) {
                        ps.setString(1, key);
                        ps.setLong(2, Long.parseLong(r[0]));
                        ps.setString(3, BatchWriter.clip(r[1], 512));
                        ps.setString(4, r[2]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            rejected[0] = rejects.size();
            try (PreparedStatement ps = c.prepareStatement("UPDATE ingest_files SET byte_offset = ?,"
                    + " records = records + ?, rejected = rejected + ? WHERE path = ?")) {
                ps.setLong(1, endOffset);
                ps.setLong(2, batch.size());
                ps.setLong(3, rejects.size());
                ps.setString(4, key);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO ingest_files (path, byte_offset, records, rejected) VALUES (?, ?, ?, ?)")) {
                        ins.setString(1, key);
                        ins.setLong(2, endOffset);
                        ins.setLong(3, batch.size());
                        ins.setLong(4, rejects.size());
                        ins.executeUpdate();
                    }
                }
            }
            // the read side keeps answers per generation (DataGeneration): every committed batch is a new one
            DataGeneration.bump(c);
            return written;
        });
        listener.committed(key, endOffset, changed);
        return rejected[0];
    }
}
