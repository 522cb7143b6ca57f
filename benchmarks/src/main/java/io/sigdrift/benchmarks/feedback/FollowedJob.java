package io.sigdrift.benchmarks.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigdrift.pipeline.cli.Main;
import io.sigdrift.pipeline.cli.RunCommand;
import io.sigdrift.pipeline.record.JsonLinesFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code sigdrift run --follow} job as users run it ({@link Main} → {@code RunCommand} → {@code SigdriftJob}), in
 * a child JVM so it can be stopped like a user stops it, and readers of its committed output that only read the
 * part files they have not read before (a committed part file never changes: the file sink renames it when a
 * checkpoint commits it).
 */
final class FollowedJob implements AutoCloseable {
    static final String AUDIT_DIR = RunCommand.AUDIT_DIR;
    static final String SUPPRESSED_DIR = RunCommand.SUPPRESSED_DIR;
    /** Flink's reflection on JDK classes (as the parent pom's surefire argLine and the jar's manifest). */
    static final List<String> ADD_OPENS = List.of("java.lang", "java.lang.reflect", "java.net", "java.io", "java.nio", "sun.nio.ch",
            "java.text", "java.time", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks");

    private final Path output;
    private final Path log;
    private final Process process;

    private FollowedJob(Path output, Path log, Process process) {
        this.output = output;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code sigdrift run} with {@code runArgs} in a child JVM of this one's class path; its output goes to {@code log}. */
    static FollowedJob start(List<String> runArgs, Path output, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1500m");
        for (String p : ADD_OPENS) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        cmd.addAll(runArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A benchmark stopped by Ctrl-C must not leave a job tailing its files.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-followed-job"));
        return new FollowedJob(output, log, p);
    }

    boolean alive() {
        return process.isAlive();
    }

    Path output() {
        return output;
    }

    /** The last lines of the job's log, for an error message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until every source in {@code sources} has a committed {@code total} count record of a window ending at or
     * after {@code windowEnd}, then for {@code settle} more (one more checkpoint commits the anomaly stage's output of
     * those windows: it runs downstream of the counts).
     */
    void awaitWindows(CommittedRecords counts, Set<String> sources, long windowEnd, Duration timeout, Duration settle)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> newest = new HashMap<>();
        while (true) {
            for (JsonNode n : counts.next()) {
                if ("total".equals(n.path("type").asText())) {
                    newest.merge(n.path("source").asText(), Instant.parse(n.path("window_end").asText()).toEpochMilli(), Math::max);
                }
            }
            boolean done = true;
            for (String s : sources) {
                done &= newest.getOrDefault(s, Long.MIN_VALUE) >= windowEnd;
            }
            if (done) {
                Thread.sleep(settle.toMillis());
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the job ended (exit " + process.exitValue() + "):\n" + logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job's counts did not reach " + Instant.ofEpochMilli(windowEnd) + " within " + timeout
                        + " (newest committed window ends: " + newest + "); log:\n" + logTail(30));
            }
            Thread.sleep(250);
        }
    }

    CommittedRecords reader(String dir) {
        return new CommittedRecords(output.resolve(dir));
    }

    static CommittedRecords countsReader(Path output) {
        return new CommittedRecords(output.resolve(RunCommand.COUNTS_DIR));
    }

    /** The records of committed part files under a directory that {@link #next} has not returned yet. */
    static final class CommittedRecords {
        private final Path dir;
        private final Set<Path> read = new HashSet<>();

        CommittedRecords(Path dir) {
            this.dir = dir;
        }

        List<JsonNode> next() {
            List<JsonNode> out = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                return out;
            }
            List<Path> fresh;
            try (Stream<Path> files = Files.walk(dir)) {
                fresh = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> !read.contains(p)).sorted().toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                return out;   // a part file renamed while walking: the next call sees it
            }
            for (Path p : fresh) {
                try {
                    for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        if (!l.isEmpty()) {
                            out.add(JsonLinesFiles.MAPPER.readTree(l));
                        }
                    }
                    read.add(p);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
                }
            }
            return out;
        }
    }
}
