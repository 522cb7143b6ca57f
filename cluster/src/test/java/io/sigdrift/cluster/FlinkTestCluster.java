package io.sigdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tests' handle on a {@link LocalFlinkCluster} — the same launcher {@code bin/sigdrift-cluster} uses, so
 * the script's cluster is the tested one. Adds what tests need: the classpaths failsafe passes (see
 * cluster/pom.xml), JSON answers, job polling, and a shutdown hook so that no JobManager outlives a killed
 * build.
 */
final class FlinkTestCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final LocalFlinkCluster cluster;
    private final Thread shutdownHook;

    /** What {@code flink run} printed and how it exited. */
    record Submission(int exitCode, String output) {}

    private FlinkTestCluster(LocalFlinkCluster cluster) {
        this.cluster = cluster;
        this.shutdownHook = new Thread(cluster::stop, "flink-test-cluster-stop");
    }

    /** The settings failsafe's system properties describe, with {@code taskManagers} × {@code slots} and no broker. */
    static LocalFlinkCluster.Settings settings(Path dir, int taskManagers, int slots) throws IOException {
        StringBuilder classpath = new StringBuilder();
        for (String file : required("flink.distribution.classpath").split(File.pathSeparator)) {
            classpath.append(classpath.length() == 0 ? "" : File.pathSeparator).append(Files.readString(Path.of(file)).trim());
        }
        List<String> jvmOptions = Arrays.stream(required("flink.jvm.options").trim().split("\\s+")).toList();
        // e.g. -Dsigdrift.cluster.tm.jvm.options=-XX:StartFlightRecording=filename=/tmp/%tm.jfr to profile the job
        List<String> tmOptions = ClusterCommand.options(System.getProperty("sigdrift.cluster.tm.jvm.options", ""));
        return new LocalFlinkCluster.Settings(dir, classpath.toString(), null, jvmOptions, taskManagers, slots,
                LocalFlinkCluster.Settings.DEFAULT_TASK_MANAGER_MEMORY, tmOptions);
    }

    /** The broker's classpath (Maven's closure of kafka_2.13, written by the build). */
    static String kafkaClasspath() throws IOException {
        return Files.readString(Path.of(required("kafka.broker.classpath"))).trim();
    }

    static FlinkTestCluster start(LocalFlinkCluster.Settings settings) throws Exception {
        LocalFlinkCluster c = LocalFlinkCluster.start(settings);
        FlinkTestCluster t = new FlinkTestCluster(c);
        Runtime.getRuntime().addShutdownHook(t.shutdownHook);
        return t;
    }

    LocalFlinkCluster cluster() {
        return cluster;
    }

    Path dir() {
        return cluster.dir();
    }

    int restPort() {
        return cluster.restPort();
    }

    static int freePort() throws IOException {
        return LocalFlinkCluster.freePort();
    }

    /** {@code flink run [runOptions] jar programArgs...} against this cluster. */
    Submission flinkRun(Path jar, List<String> runOptions, List<String> programArgs, Duration timeout) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(runOptions);
        args.add(jar.toString());
        args.addAll(programArgs);
        LocalFlinkCluster.CliResult r = cluster.flink(args, timeout);
        return new Submission(r.exitCode(), r.output());
    }

    JsonNode rest(String path) throws IOException, InterruptedException {
        return JSON.readTree(cluster.rest(path));
    }

    /** Polls the job until it reaches a terminal state and returns that state (FINISHED, FAILED, CANCELED). */
    String awaitJobEnd(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "unknown";
        while (System.nanoTime() < deadline) {
            state = rest("/jobs/" + jobId).path("state").asText();
            if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) {
                return state;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " still " + state + " after " + timeout.toSeconds() + " s\n" + diagnostics());
    }

    String log(String process) throws IOException {
        return cluster.log(process);
    }

    String diagnostics() {
        return cluster.diagnostics();
    }

    @Override
    public void close() {
        cluster.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }

    static String required(String property) {
        String v = System.getProperty(property);
        assertNotNull(v, "system property " + property + " (set by failsafe in cluster/pom.xml)");
        return v;
    }
}
