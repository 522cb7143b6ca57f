package io.sigdrift.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A single-node KRaft Kafka broker process (broker and controller in one JVM) on loopback, started from the
 * Maven jars of {@code kafka_2.13} with Kafka's own entry points: {@code kafka.tools.StorageTool format} once,
 * then {@code kafka.Kafka server.properties}. Its data ({@code WORKDIR/kafka/data}) survives {@link #stop}, so
 * {@link #start} after a stop is a broker restart on the same port with the same topics, offsets and
 * transactions — what a broker outage looks like to the job.
 *
 * <p>Every replication factor and min ISR is 1 (one broker). The transaction coordinator's defaults stay,
 * so {@code transaction.max.timeout.ms} is Kafka's 15 minutes, as on a production broker.
 */
public final class KafkaBroker {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    static final String NAME = "kafka";

    private final Path clusterDir;
    private final int port;
    private final int controllerPort;
    private final BiFunction<String, List<String>, List<String>> javaCommand;

    KafkaBroker(Path clusterDir, int port, int controllerPort, BiFunction<String, List<String>, List<String>> javaCommand) {
        this.clusterDir = clusterDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.javaCommand = javaCommand;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private Path home() {
        return clusterDir.resolve("kafka");
    }

    /** Formats the storage on first use, starts the broker process and waits until it accepts connections. */
    public void start() throws Exception {
        if (process().map(ManagedProcess::alive).orElse(false)) {
            throw new IllegalStateException("the broker is already running: " + process().get());
        }
        Path props = home().resolve("server.properties");
        if (!Files.exists(home().resolve("data/meta.properties"))) {
            Files.createDirectories(home().resolve("data"));
            Files.writeString(props, serverProperties(), StandardCharsets.UTF_8);
            List<String> format = command("kafka-format", List.of("kafka.tools.StorageTool", "format", "-t",
                    clusterId(), "-c", props.toString()));
            Path out = clusterDir.resolve("log/kafka-format.out");
            Process p = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("kafka storage format failed: " + Files.readString(out));
            }
        }
        List<String> cmd = command(NAME, List.of("kafka.Kafka", props.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(clusterDir.resolve("log/" + NAME + ".out").toFile())).start();
        ManagedProcess.of(NAME, p).write(clusterDir.resolve("pids"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!LocalFlinkCluster.accepts(port)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + p.exitValue() + "; see "
                        + clusterDir.resolve("log/" + NAME + ".out"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker does not accept connections on " + port + " after "
                        + READY_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** Stops the broker (SIGTERM: a clean shutdown, as an operator's restart does); its data stays. */
    public boolean stop() throws IOException {
        var p = process();
        boolean was = p.isPresent() && p.get().stop();
        Files.deleteIfExists(clusterDir.resolve("pids/" + NAME + ".pid"));
        return was;
    }

    public java.util.Optional<ManagedProcess> process() throws IOException {
        Path f = clusterDir.resolve("pids/" + NAME + ".pid");
        return Files.exists(f) ? java.util.Optional.of(ManagedProcess.read(f)) : java.util.Optional.empty();
    }

    private List<String> command(String logName, List<String> mainAndArgs) {
        List<String> cmd = new ArrayList<>(javaCommand.apply(logName, List.of("-Xmx512m")));
        cmd.addAll(mainAndArgs);
        return cmd;
    }

    /** The KRaft cluster id: kept in a file so a restart after {@code stop} finds the formatted storage's id. */
    private String clusterId() throws IOException {
        Path f = home().resolve("cluster-id");
        if (!Files.exists(f)) {
            // Kafka's ids are 16 random bytes, URL-safe base64 without padding (22 characters); like Kafka's own
            // Uuid.randomUuid, never one starting with '-', which the storage tool would take for an option
            String id;
            do {
                UUID u = UUID.randomUUID();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                        .putLong(u.getLeastSignificantBits());
                id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            } while (id.startsWith("-"));
            Files.writeString(f, id);
        }
        return Files.readString(f).trim();
    }

    private String serverProperties() {
        return String.join("\n",
                "# generated by sigdrift-cluster (io.sigdrift.cluster.KafkaBroker): one KRaft node on loopback",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + home().resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
    }
}
