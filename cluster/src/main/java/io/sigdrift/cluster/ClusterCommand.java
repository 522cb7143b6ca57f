package io.sigdrift.cluster;

import static io.sigdrift.cluster.ScalingBenchmark.take;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/sigdrift-cluster}: start, inspect and stop a {@link LocalFlinkCluster}, and submit the sigdrift job
 * to it. The script passes the classpaths Maven computed as system properties:
 * {@code sigdrift.flink.classpath} (a Flink distribution's lib/), {@code sigdrift.kafka.classpath} (the broker),
 * {@code sigdrift.cluster.jar} (the job), {@code sigdrift.jvm.options} (Flink's {@code --add-opens} flags).
 */
public final class ClusterCommand {
    public static final String DEFAULT_DIR = "sigdrift-cluster";
    static final Duration CLI_TIMEOUT = Duration.ofMinutes(10);

    static final String USAGE = String.join("\n",
            "usage: bin/sigdrift-cluster start [--taskmanagers 2] [--slots 1] [--tm-memory 1024m] [--tm-jvm-options 'OPTS'] [--kafka]",
            "             [--dir sigdrift-cluster]   (--tm-jvm-options: more JVM options for the TaskManagers, %tm = taskmanager-N)",
            "       bin/sigdrift-cluster status|stop [--dir DIR]",
            "       bin/sigdrift-cluster submit [--dir DIR] [--attached] [--from-savepoint PATH] RUN-FLAGS...",
            "             (bin/sigdrift submit ... is the same) the cluster jar with `sigdrift run` flags; detached unless",
            "             --attached; --checkpoints defaults to DIR/checkpoints, shared by every process of the cluster",
            "       bin/sigdrift-cluster savepoint-stop [--dir DIR] [--drain] JOBID   stop with a savepoint in DIR/savepoints",
            "       bin/sigdrift-cluster add-taskmanager|kill-taskmanager NAME|kafka-stop|kafka-start [--dir DIR]",
            "       bin/sigdrift-cluster flink [--dir DIR] ACTION ARGS...   Flink's CLI against the cluster (list, cancel, ...)");

    private ClusterCommand() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(new ArrayList<>(Arrays.asList(args)), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("sigdrift-cluster: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("sigdrift-cluster: " + e.getMessage());
            code = 1;
        }
        // the cluster's processes are not children that die with this JVM: exit without waiting for them
        System.exit(code);
    }

    static int run(List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.println(USAGE);
            return 0;
        }
        String action = args.remove(0);
        Path dir = Path.of(take(args, "--dir", DEFAULT_DIR));
        switch (action) {
            case "start" -> {
                int tms = Integer.parseInt(take(args, "--taskmanagers", String.valueOf(LocalFlinkCluster.Settings.DEFAULT_TASK_MANAGERS)));
                int slots = Integer.parseInt(take(args, "--slots", String.valueOf(LocalFlinkCluster.Settings.DEFAULT_SLOTS)));
                String memory = take(args, "--tm-memory", LocalFlinkCluster.Settings.DEFAULT_TASK_MANAGER_MEMORY);
                List<String> tmOptions = options(take(args, "--tm-jvm-options", ""));
                boolean kafka = args.remove("--kafka");
                noneLeft(args);
                LocalFlinkCluster.Settings settings = new LocalFlinkCluster.Settings(dir, property("sigdrift.flink.classpath"),
                        kafka ? property("sigdrift.kafka.classpath") : null, jvmOptions(), tms, slots, memory, tmOptions);
                LocalFlinkCluster c = LocalFlinkCluster.start(settings);
                out.println("sigdrift-cluster: started in " + c.dir());
                status(c, out);
                return 0;
            }
            case "status" -> {
                noneLeft(args);
                if (!Files.exists(dir.resolve(LocalFlinkCluster.STATE_FILE))) {
                    out.println("sigdrift-cluster: no cluster in " + dir.toAbsolutePath());
                    return 3;
                }
                return status(LocalFlinkCluster.attach(dir), out) ? 0 : 3;
            }
            case "stop" -> {
                noneLeft(args);
                if (!Files.exists(dir.resolve(LocalFlinkCluster.STATE_FILE))) {
                    out.println("sigdrift-cluster: no cluster in " + dir.toAbsolutePath());
                    return 0;
                }
                List<String> stopped = LocalFlinkCluster.attach(dir).stop();
                out.println("sigdrift-cluster: stopped " + (stopped.isEmpty() ? "nothing (nothing was running)" : String.join(", ", stopped))
                        + "; logs, checkpoints and savepoints stay in " + dir.toAbsolutePath());
                return 0;
            }
            case "submit" -> {
                LocalFlinkCluster c = LocalFlinkCluster.attach(dir);
                boolean attached = args.remove("--attached");
                String savepoint = take(args, "--from-savepoint", null);
                List<String> flink = new ArrayList<>(List.of("run"));
                if (!attached) {
                    flink.add("-d");
                }
                if (savepoint != null) {
                    flink.addAll(List.of("-s", savepoint));
                }
                flink.add(property("sigdrift.cluster.jar"));
                flink.add("run");
                flink.addAll(args);
                if (!args.contains("--checkpoints") && !args.contains("--no-checkpoints")) {
                    flink.addAll(List.of("--checkpoints", c.checkpoints().toString()));
                }
                return print(c.flink(flink, attached ? Duration.ofDays(365) : CLI_TIMEOUT), out);
            }
            case "savepoint-stop" -> {
                LocalFlinkCluster c = LocalFlinkCluster.attach(dir);
                boolean drain = args.remove("--drain");
                if (args.size() != 1) {
                    throw new IllegalArgumentException("savepoint-stop needs one job id");
                }
                List<String> stop = new ArrayList<>(List.of("stop", "--savepointPath", c.savepoints().toUri().toString()));
                if (drain) {
                    stop.add("--drain");   // the final watermark first: open windows close, as at the end of input
                }
                stop.add(args.get(0));
                return print(c.flink(stop, CLI_TIMEOUT), out);
            }
            case "add-taskmanager" -> {
                noneLeft(args);
                out.println("sigdrift-cluster: started " + LocalFlinkCluster.attach(dir).startTaskManager());
                return 0;
            }
            case "kill-taskmanager" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("kill-taskmanager needs a name, e.g. taskmanager-1");
                }
                boolean killed = LocalFlinkCluster.attach(dir).process(args.get(0)).kill();
                out.println("sigdrift-cluster: " + args.get(0) + (killed ? " killed (SIGKILL)" : " was not running"));
                return 0;
            }
            case "kafka-stop", "kafka-start" -> {
                noneLeft(args);
                KafkaBroker broker = LocalFlinkCluster.attach(dir).kafkaBroker()
                        .orElseThrow(() -> new IllegalArgumentException("the cluster in " + dir + " was started without --kafka"));
                if (action.equals("kafka-stop")) {
                    out.println("sigdrift-cluster: broker " + (broker.stop() ? "stopped" : "was not running"));
                } else {
                    broker.start();
                    out.println("sigdrift-cluster: broker running at " + broker.bootstrapServers());
                }
                return 0;
            }
            case "flink" -> {
                return print(LocalFlinkCluster.attach(dir).flink(args, CLI_TIMEOUT), out);
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'");
        }
    }

    /** Prints what runs; false when a recorded process is gone. */
    static boolean status(LocalFlinkCluster c, PrintStream out) throws Exception {
        boolean allAlive = true;
        for (ManagedProcess p : c.processes()) {
            boolean alive = p.alive();
            allAlive &= alive;
            out.printf("  %-16s pid %-8d %s%n", p.name(), p.pid(), alive ? "running" : "NOT RUNNING (see " + c.dir().resolve("log/" + p.name() + ".out") + ")");
        }
        try {
            String overview = c.rest("/overview");
            out.printf("  Flink %s: %d TaskManagers, %d/%d slots free, %d jobs running; Web UI and REST http://%s%n",
                    LocalFlinkCluster.intField(overview, "taskmanagers") > 0 ? "up" : "up (no TaskManager)",
                    LocalFlinkCluster.intField(overview, "taskmanagers"), LocalFlinkCluster.intField(overview, "slots-available"),
                    LocalFlinkCluster.intField(overview, "slots-total"), LocalFlinkCluster.intField(overview, "jobs-running"),
                    c.restAddress());
        } catch (java.io.IOException e) {
            out.println("  Flink REST API http://" + c.restAddress() + " does not answer");
            allAlive = false;
        }
        c.kafkaBroker().ifPresent(k -> out.println("  Kafka bootstrap servers " + k.bootstrapServers()));
        out.println("  checkpoints " + c.checkpoints() + ", savepoints " + c.savepoints() + ", logs " + c.dir().resolve("log"));
        return allAlive;
    }

    private static int print(LocalFlinkCluster.CliResult r, PrintStream out) {
        out.print(r.output());
        return r.exitCode();
    }

    private static void noneLeft(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + args);
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run bin/sigdrift-cluster, which sets it)");
        }
        return v;
    }

    private static List<String> jvmOptions() {
        return options(System.getProperty("sigdrift.jvm.options", ""));
    }

    /** Space-separated JVM options (an option cannot hold a space). */
    static List<String> options(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    }

    /** A probe's {@code --job-options}: Flink settings ({@code -Dkey=value}) that {@code flink run} passes to the job. */
    static List<String> jobOptions(String s) {
        List<String> o = options(s);
        for (String opt : o) {
            if (!opt.startsWith("-D") || opt.indexOf('=') < 3) {
                throw new IllegalArgumentException("--job-options takes -Dkey=value options (Flink configuration for the job), was '" + opt + "'");
            }
        }
        return o;
    }
}
