package io.sigdrift.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real multi-process Flink session cluster on this machine, started from Maven jars the way Flink's own
 * scripts start one from a distribution (which is not on Maven Central): a JobManager JVM
 * ({@code StandaloneSessionClusterEntrypoint}), N TaskManager JVMs ({@code TaskManagerRunner}, with the
 * memory and CPU settings that {@code BashJavaUtils GET_TM_RESOURCE_PARAMS} derives from the config, as
 * {@code taskmanager.sh} does), optionally a KRaft Kafka broker ({@link KafkaBroker}), all on loopback.
 * One implementation for {@code bin/sigdrift-cluster} ({@link ClusterCommand}) and the integration tests.
 *
 * <p>Everything lives under one work directory: {@code conf/} (generated {@code config.yaml},
 * {@code log4j.properties}), {@code log/} (one {@code .log} and one {@code .out} per process),
 * {@code pids/} (one pid file per process: {@link ManagedProcess}), {@code checkpoints/} and
 * {@code savepoints/} (shared by every process: the cluster's default checkpoint and savepoint directories),
 * {@code tmp/}, and {@code cluster.properties} (ports and classpath), so that another JVM can
 * {@link #attach} to a running cluster and {@link #stop} ends exactly the processes {@link #start} started.
 *
 * <p>Processes keep running when the JVM that started them exits (their output goes to files, not pipes):
 * the script's {@code start} returns, the cluster stays. Tests call {@link #stop} in their teardown.
 */
public final class LocalFlinkCluster {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String STATE_FILE = "cluster.properties";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    /**
     * What to start.
     *
     * @param flinkClasspath  a Flink distribution's lib/: runtime, clients, web UI, RocksDB, log4j
     * @param kafkaClasspath  the Kafka broker's jars; null when no broker is wanted
     * @param jvmOptions      the {@code --add-opens} flags Flink needs on Java 17 (its scripts pass them too)
     * @param taskManagers    TaskManager processes, 1..64
     * @param slots           slots per TaskManager, 1..256
     * @param taskManagerMemory {@code taskmanager.memory.process.size}, e.g. 1024m
     * @param taskManagerJvmOptions more JVM options for the TaskManagers only (after Flink's own), e.g. a
     *                        {@code -XX:StartFlightRecording=...} to profile the job where it runs; every
     *                        TaskManager started later ({@link #startTaskManager}) gets them too
     */
    public record Settings(Path dir, String flinkClasspath, String kafkaClasspath, List<String> jvmOptions,
                           int taskManagers, int slots, String taskManagerMemory, List<String> taskManagerJvmOptions) {
        public static final int DEFAULT_TASK_MANAGERS = 2;
        public static final int DEFAULT_SLOTS = 1;
        public static final String DEFAULT_TASK_MANAGER_MEMORY = "1024m";

        public Settings {
            if (taskManagers < 1 || taskManagers > 64) {
                throw new IllegalArgumentException("--taskmanagers must be in 1..64, was " + taskManagers);
            }
            if (slots < 1 || slots > 256) {
                throw new IllegalArgumentException("--slots must be in 1..256, was " + slots);
            }
            if (flinkClasspath == null || flinkClasspath.isBlank()) {
                throw new IllegalArgumentException("the Flink distribution classpath is empty");
            }
            if (!taskManagerMemory.matches("[0-9]+[mg]")) {
                throw new IllegalArgumentException("--tm-memory must look like 1024m or 2g, was '" + taskManagerMemory + "'");
            }
            jvmOptions = List.copyOf(jvmOptions);
            taskManagerJvmOptions = List.copyOf(taskManagerJvmOptions);
            for (String o : taskManagerJvmOptions) {
                if (!o.startsWith("-")) {
                    throw new IllegalArgumentException("--tm-jvm-options takes JVM options (-X..., -D...), not '" + o + "'");
                }
            }
        }

        /** Without options of the TaskManagers' own. */
        public Settings(Path dir, String flinkClasspath, String kafkaClasspath, List<String> jvmOptions,
                        int taskManagers, int slots, String taskManagerMemory) {
            this(dir, flinkClasspath, kafkaClasspath, jvmOptions, taskManagers, slots, taskManagerMemory, List.of());
        }

        public Settings withTaskManagers(int n) {
            return new Settings(dir, flinkClasspath, kafkaClasspath, jvmOptions, n, slots, taskManagerMemory, taskManagerJvmOptions);
        }

        public Settings withSlots(int n) {
            return new Settings(dir, flinkClasspath, kafkaClasspath, jvmOptions, taskManagers, n, taskManagerMemory, taskManagerJvmOptions);
        }

        public Settings withKafka(String classpath) {
            return new Settings(dir, flinkClasspath, classpath, jvmOptions, taskManagers, slots, taskManagerMemory, taskManagerJvmOptions);
        }

        public Settings withTaskManagerJvmOptions(List<String> options) {
            return new Settings(dir, flinkClasspath, kafkaClasspath, jvmOptions, taskManagers, slots, taskManagerMemory, options);
        }
    }

    /** What a Flink CLI call printed and how it exited. */
    public record CliResult(int exitCode, String output) {
        /** The job id the CLI printed ("Job has been submitted with JobID ..."). */
        public Optional<String> jobId() {
            Matcher m = JOB_ID.matcher(output);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private final Path dir;
    private final Properties state;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalFlinkCluster(Path dir, Properties state) {
        this.dir = dir;
        this.state = state;
    }

    /**
     * Starts a JobManager, {@code settings.taskManagers()} TaskManagers and (with a Kafka classpath) a broker,
     * and waits until every slot is registered and the broker answers. The work directory is emptied first;
     * a directory whose pid files name running processes is refused.
     */
    public static LocalFlinkCluster start(Settings settings) throws Exception {
        Path dir = settings.dir().toAbsolutePath();
        if (Files.isDirectory(dir.resolve("pids"))) {
            List<ManagedProcess> running = processes(dir).stream().filter(ManagedProcess::alive).toList();
            if (!running.isEmpty()) {
                throw new IllegalStateException("a cluster is already running in " + dir + ": " + running
                        + " (stop it first: bin/sigdrift-cluster stop --dir " + dir + ")");
            }
        }
        deleteRecursively(dir);
        for (String sub : List.of("conf", "log", "pids", "tmp", "checkpoints", "savepoints")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Properties state = new Properties();
        state.setProperty("rest.port", Integer.toString(freePort()));
        state.setProperty("rpc.port", Integer.toString(freePort()));
        state.setProperty("slots", Integer.toString(settings.slots()));
        state.setProperty("taskmanager.memory", settings.taskManagerMemory());
        state.setProperty("flink.classpath", settings.flinkClasspath());
        state.setProperty("jvm.options", String.join(" ", settings.jvmOptions()));
        state.setProperty("taskmanager.jvm.options", String.join(" ", settings.taskManagerJvmOptions()));
        state.setProperty("taskmanagers.started", "0");
        if (settings.kafkaClasspath() != null) {
            state.setProperty("kafka.classpath", settings.kafkaClasspath());
            state.setProperty("kafka.port", Integer.toString(freePort()));
            state.setProperty("kafka.controller.port", Integer.toString(freePort()));
        }
        LocalFlinkCluster c = new LocalFlinkCluster(dir, state);
        try {
            c.saveState();
            c.writeConfig();
            c.startJobManager();
            for (int i = 0; i < settings.taskManagers(); i++) {
                c.launchTaskManager();
            }
            if (settings.kafkaClasspath() != null) {
                c.kafka().start();
            }
            c.awaitStartedTaskManagers(settings.taskManagers());
            return c;
        } catch (Exception | AssertionError e) {
            String diagnostics = c.diagnostics();
            c.stop();
            throw new IllegalStateException("the Flink cluster did not start: " + e.getMessage() + "\n" + diagnostics, e);
        }
    }

    /**
     * How often a process that dies while starting is started again. On a heavily loaded machine Pekko's
     * remoting can miss its fixed 10 s start-up deadline ("Could not create actor system": Flink's
     * {@code pekko.startup-timeout} does not reach classic remoting's own timeout) and the process exits;
     * a second start then usually succeeds. A process that keeps dying is reported with its log.
     */
    static final int START_ATTEMPTS = 3;

    private void startJobManager() throws Exception {
        for (int attempt = 1; ; attempt++) {
            // the JobManager coordinates and does not run the job: C1 and one GC thread halve its start-up CPU
            launch("jobmanager", List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), List.of(
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", conf().toString()));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process("jobmanager").alive()) {
                    break;
                }
                try {
                    rest("/overview");
                    return;
                } catch (IOException e) {
                    Thread.sleep(250);   // the REST endpoint is not up yet
                }
            }
            if (attempt >= START_ATTEMPTS || process("jobmanager").alive()) {
                throw new IllegalStateException("the JobManager did not start (" + attempt + " attempts); see "
                        + dir.resolve("log/jobmanager.out"));
            }
        }
    }

    /** Like {@link #awaitTaskManagers}, while starting: a TaskManager that died starting is replaced (up to {@link #START_ATTEMPTS}). */
    private void awaitStartedTaskManagers(int n) throws Exception {
        int restarts = 0;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (ManagedProcess p : processes()) {
                if (!p.alive() && p.name().startsWith("taskmanager")) {
                    if (++restarts > START_ATTEMPTS) {
                        throw new IllegalStateException(p.name() + " died while starting; see " + dir.resolve("log/" + p.name() + ".out"));
                    }
                    Files.deleteIfExists(dir.resolve("pids/" + p.name() + ".pid"));
                    launchTaskManager();
                } else if (!p.alive()) {
                    throw new IllegalStateException(p.name() + " exited; see " + dir.resolve("log/" + p.name() + ".out"));
                }
            }
            try {
                last = rest("/overview");
                if (intField(last, "taskmanagers") == n && intField(last, "slots-total") == n * slotsPerTaskManager()) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(n + " TaskManagers not registered after " + START_TIMEOUT.toSeconds()
                + " s; last /overview: " + last);
    }

    /** The cluster started earlier in {@code dir} (by this or another JVM). */
    public static LocalFlinkCluster attach(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path file = abs.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no cluster was started in " + abs + " (no " + STATE_FILE + ")");
        }
        Properties state = new Properties();
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            state.load(r);
        }
        return new LocalFlinkCluster(abs, state);
    }

    public Path dir() {
        return dir;
    }

    public int restPort() {
        return Integer.parseInt(state.getProperty("rest.port"));
    }

    public String restAddress() {
        return "localhost:" + restPort();
    }

    /** The shared checkpoint directory: every process of the cluster reads and writes it. */
    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path savepoints() {
        return dir.resolve("savepoints");
    }

    public int slotsPerTaskManager() {
        return Integer.parseInt(state.getProperty("slots"));
    }

    /** The broker started with the cluster; empty when it was started without Kafka. */
    public Optional<KafkaBroker> kafkaBroker() {
        return state.containsKey("kafka.classpath") ? Optional.of(kafka()) : Optional.empty();
    }

    private KafkaBroker kafka() {
        return new KafkaBroker(dir, Integer.parseInt(state.getProperty("kafka.port")),
                Integer.parseInt(state.getProperty("kafka.controller.port")),
                (name, options) -> javaCommand(name, options, state.getProperty("kafka.classpath")));
    }

    private Path conf() {
        return dir.resolve("conf");
    }

    private void saveState() throws IOException {
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            state.store(w, "sigdrift-cluster: ports and classpath of the cluster started here");
        }
        Files.move(tmp, dir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void writeConfig() throws IOException {
        Path tmp = dir.resolve("tmp");
        String config = String.join("\n",
                "# generated by sigdrift-cluster (io.sigdrift.cluster.LocalFlinkCluster): processes on loopback",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + state.getProperty("rpc.port"),
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort(),
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: " + slotsPerTaskManager(),
                "taskmanager.memory.process.size: " + state.getProperty("taskmanager.memory"),
                // managed memory is RocksDB's block cache and write buffers (--state-backend rocksdb)
                "taskmanager.memory.managed.fraction: 0.25",
                "parallelism.default: 1",
                // a busy machine (CI, several builds at once) can take longer than the defaults (10 s) to start
                // the RPC system or answer an RPC; a timeout there kills the process, a longer wait costs nothing
                "pekko.startup-timeout: 60 s",
                "pekko.ask.timeout: 60 s",
                // a lost TaskManager is noticed in seconds, not after the default 50 s heartbeat timeout, so a
                // replacement takes over while the job's Kafka transactions are still open
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 10000",
                // the REST API's job metrics (records read, checkpoints) are fresh within a second: tests and the
                // scaling benchmark poll them
                "metrics.fetcher.update-interval: 500",
                "execution.checkpointing.dir: " + checkpoints().toUri(),
                "execution.checkpointing.savepoint-dir: " + savepoints().toUri(),
                "io.tmp.dirs: " + tmp,
                "blob.storage.directory: " + tmp.resolve("blobs"),
                "web.tmpdir: " + tmp.resolve("web"),
                "");
        Files.writeString(conf().resolve("config.yaml"), config, StandardCharsets.UTF_8);
        // INFO to one file per process, as Flink's log4j.properties does (log.file is set per JVM). Append,
        // as Flink's does: the RPC system's own class loader configures log4j a second time, and a
        // non-appending appender would then truncate the file.
        Files.writeString(conf().resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "logger.kafkaserver.name = kafka",
                "logger.kafkaserver.level = WARN",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.append = true",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                ""), StandardCharsets.UTF_8);
    }

    /**
     * Starts one more TaskManager (named taskmanager-N, N counting every one ever started here) and waits until
     * the JobManager lists as many TaskManagers as processes run. (Right after a kill the JobManager still
     * lists the dead one until its heartbeat times out; the count may then match before the new one is in:
     * the new process registers on its own, and a job waiting for slots gets them when it does.)
     */
    public String startTaskManager() throws Exception {
        String name = launchTaskManager();
        awaitTaskManagers((int) processes().stream().filter(p -> p.name().startsWith("taskmanager") && p.alive()).count());
        return name;
    }

    private String launchTaskManager() throws Exception {
        int n = Integer.parseInt(state.getProperty("taskmanagers.started")) + 1;
        state.setProperty("taskmanagers.started", Integer.toString(n));
        saveState();
        List<List<String>> params = taskManagerResourceParams();
        List<String> args = new ArrayList<>(List.of("org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "--configDir", conf().toString()));
        args.addAll(params.get(1));
        String name = "taskmanager-" + n;
        launch(name, taskManagerJvm(params.get(0), split(state.getProperty("taskmanager.jvm.options", "")), name), args);
        return name;
    }

    /**
     * G1's pause-time goal for the TaskManagers (the JVM's default is 200 ms). Why: with ~1M live signatures per
     * TaskManager, young collections at the default goal paused 100-500 ms every second or two, and one landing in a
     * checkpoint's synchronous part stretched it 2-5x past its CPU time; at 50 ms the longest young pause in the GC logs was
     * 99 ms, and the synchronous part 346-439 ms instead of 437-1,520 ({@code bin/bench
     * checkpoint-pause}, benchmarks/README.md). A production cluster sets it in {@code env.java.opts.taskmanager}.
     */
    static final List<String> TASK_MANAGER_GC_OPTIONS = List.of("-XX:MaxGCPauseMillis=50");

    /**
     * A TaskManager's JVM options: Flink's (heap, direct and metaspace limits), then {@link #TASK_MANAGER_GC_OPTIONS},
     * then the user's {@code --tm-jvm-options}, which come last so that they win (%tm in them stands for the
     * process's name, e.g. for a JFR recording's or a GC log's file).
     */
    static List<String> taskManagerJvm(List<String> flinkOptions, List<String> userOptions, String name) {
        List<String> jvm = new ArrayList<>(flinkOptions);
        jvm.addAll(TASK_MANAGER_GC_OPTIONS);
        userOptions.forEach(o -> jvm.add(o.replace("%tm", name)));
        return jvm;
    }

    /**
     * What taskmanager.sh does before starting a TaskManager: BashJavaUtils prints the JVM options (heap,
     * direct and metaspace limits) and the derived memory and CPU settings as {@code -D key=value}; without
     * them TaskManagerRunner refuses to start ("taskmanager.cpu.cores is not set").
     *
     * @return [JVM options, dynamic properties]
     */
    private List<List<String>> taskManagerResourceParams() throws Exception {
        List<String> cmd = javaCommand("bash-java-utils", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(List.of("org.apache.flink.runtime.util.bash.BashJavaUtils", "GET_TM_RESOURCE_PARAMS", "--configDir",
                conf().toString()));
        Path out = dir.resolve("log/bash-java-utils.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("BashJavaUtils did not finish in 60 s");
        }
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()).trim()).toList();
        if (p.exitValue() != 0 || results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils GET_TM_RESOURCE_PARAMS failed (exit " + p.exitValue() + "): "
                    + Files.readString(out));
        }
        return List.of(split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }

    /** {@code java [options] -cp CLASSPATH} for a process named {@code logName}; the caller adds main and args. */
    List<String> javaCommand(String logName, List<String> extraJvmOptions) {
        return javaCommand(logName, extraJvmOptions, state.getProperty("flink.classpath"));
    }

    List<String> javaCommand(String logName, List<String> extraJvmOptions, String classpath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(split(state.getProperty("jvm.options", "")));
        cmd.addAll(extraJvmOptions);
        cmd.add("-Dlog.file=" + dir.resolve("log/" + logName + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf().resolve("log4j.properties").toUri());
        // the work directory on every command line: `ps` shows which cluster a process belongs to
        cmd.add("-Dsigdrift.cluster.dir=" + dir);
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    private void launch(String name, List<String> extraJvmOptions, List<String> mainAndArgs) throws IOException {
        List<String> cmd = javaCommand(name, extraJvmOptions);
        cmd.addAll(mainAndArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/" + name + ".out").toFile())).start();
        ManagedProcess.of(name, p).write(dir.resolve("pids"));
    }

    /** Every process started here and recorded in a pid file (running or not), JobManager first. */
    public List<ManagedProcess> processes() throws IOException {
        return processes(dir);
    }

    private static List<ManagedProcess> processes(Path dir) throws IOException {
        Path pids = dir.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return List.of();
        }
        List<ManagedProcess> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(pids)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
                all.add(ManagedProcess.read(f));
            }
        }
        all.sort(Comparator.comparingInt((ManagedProcess p) -> p.name().equals("jobmanager") ? 0
                : p.name().equals("kafka") ? 2 : 1).thenComparing(p -> p.name().length()).thenComparing(ManagedProcess::name));
        return all;
    }

    /** The recorded process named {@code name} (jobmanager, taskmanager-N, kafka). */
    public ManagedProcess process(String name) throws IOException {
        return processes().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process named " + name + " in " + dir));
    }

    /**
     * Ends every process started here: the TaskManagers and the broker first, then the JobManager (SIGTERM,
     * SIGKILL after {@link ManagedProcess#GRACE}); their pid files are removed. Processes that already ended
     * are only forgotten. The work directory (logs, checkpoints, savepoints) stays.
     *
     * @return the names of the processes that were running
     */
    public List<String> stop() {
        List<String> stopped = new ArrayList<>();
        try {
            List<ManagedProcess> all = processes();
            for (int i = all.size() - 1; i >= 0; i--) {
                ManagedProcess p = all.get(i);
                if (p.stop()) {
                    stopped.add(p.name());
                }
                Files.deleteIfExists(dir.resolve("pids/" + p.name() + ".pid"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid files in " + dir.resolve("pids"), e);
        }
        return stopped;
    }

    /** The number of TaskManagers registered at the JobManager (0 when its REST API does not answer). */
    public int taskManagersRegistered() {
        try {
            return intField(rest("/overview"), "taskmanagers");
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Waits until {@code n} TaskManagers with all their slots are registered (a dead one is unregistered first). */
    public void awaitTaskManagers(int n) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (ManagedProcess p : processes()) {
                if (!p.alive() && !p.name().startsWith("taskmanager")) {
                    throw new IllegalStateException(p.name() + " exited; see " + dir.resolve("log/" + p.name() + ".out"));
                }
            }
            try {
                last = rest("/overview");
                if (intField(last, "taskmanagers") == n && intField(last, "slots-total") == n * slotsPerTaskManager()) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();   // the REST endpoint is not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(n + " TaskManagers not registered after " + START_TIMEOUT.toSeconds()
                + " s; last /overview: " + last);
    }

    /**
     * Runs Flink's CLI ({@code CliFrontend}, what the {@code flink} script runs) against this cluster in its
     * own JVM, on the distribution classpath only, with {@code FLINK_CONF_DIR} at the generated conf:
     * {@code run [-d] [-s SAVEPOINT] JAR ARGS}, {@code stop --savepointPath DIR JOBID}, {@code list}, {@code cancel}.
     * {@code -m} is added after the action.
     */
    public CliResult flink(List<String> args, Duration timeout) throws Exception {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("flink: an action is needed (run, stop, list, cancel, savepoint)");
        }
        Path out = Files.createTempFile(dir.resolve("log"), "client-" + args.get(0) + "-", ".out");
        // a short-lived client: C1 only and one GC thread halve its CPU
        List<String> cmd = javaCommand(out.getFileName().toString().replace(".out", ""),
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.add("org.apache.flink.client.cli.CliFrontend");
        cmd.add(args.get(0));
        cmd.addAll(List.of("-m", restAddress()));
        cmd.addAll(args.subList(1, args.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("FLINK_CONF_DIR", conf().toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("flink " + args.get(0) + " did not finish in " + timeout.toSeconds() + " s:\n"
                        + Files.readString(out));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        return new CliResult(p.exitValue(), Files.readString(out));
    }

    /** GET on the JobManager's REST API (what the Web UI and {@code flink list} use); the body as text. */
    public String rest(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(), "GET " + path);
    }

    /** POST with a JSON body (e.g. {@code /jobs/ID/stop} for stop-with-savepoint). */
    public String restPost(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), "POST " + path);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + restPort() + path);
    }

    private String send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A top-level integer field of a small JSON object (the launcher has no JSON library of its own). */
    static int intField(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?[0-9]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no field " + field + " in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The whole log of one process (jobmanager, taskmanager-N, kafka). */
    public String log(String process) throws IOException {
        Path f = dir.resolve("log/" + process + ".log");
        return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    /** The errors and the last lines of every process's output and log, for a failure message. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("---- Flink cluster logs (" + dir.resolve("log") + ") ----\n");
        try (Stream<Path> logs = Files.list(dir.resolve("log"))) {
            for (Path log : logs.filter(p -> !p.getFileName().toString().startsWith("bash-java-utils")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                // the CLI always reports that it has no YARN support: not a clue
                List<String> interesting = lines.stream().filter(l -> !l.contains("FlinkYarnSessionCli"))
                        .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.startsWith("Caused by")
                                || l.startsWith("\tat io.sigdrift")).toList();
                sb.append("== ").append(log.getFileName()).append(" (").append(lines.size()).append(" lines)\n");
                interesting.stream().limit(30).forEach(l -> sb.append(l).append('\n'));
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            sb.append("(cannot read the logs: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** A TCP port that was free a moment ago (loopback). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
