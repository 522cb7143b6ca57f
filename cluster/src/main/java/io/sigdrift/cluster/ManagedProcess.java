package io.sigdrift.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * One process a launcher started, remembered in a pid file ({@code WORKDIR/pids/NAME.pid}) with its start
 * instant, so that a later {@code stop} — from another JVM — ends exactly that process: a pid alone may have
 * been reused by an unrelated process since, its start instant together with the pid may not.
 *
 * @param name    jobmanager, taskmanager-N, kafka
 * @param pid     the operating system's process id
 * @param started the process's start instant as the OS reports it (null when the OS does not say)
 */
public record ManagedProcess(String name, long pid, Instant started) {

    /** How long a process gets to run its shutdown hooks after SIGTERM before it is killed. */
    public static final Duration GRACE = Duration.ofSeconds(15);

    static ManagedProcess of(String name, Process p) {
        return new ManagedProcess(name, p.pid(), p.info().startInstant().orElse(null));
    }

    void write(Path pidsDir) throws IOException {
        Files.createDirectories(pidsDir);
        Properties props = new Properties();
        props.setProperty("pid", Long.toString(pid));
        if (started != null) {
            props.setProperty("started", started.toString());
        }
        Path tmp = pidsDir.resolve(name + ".pid.tmp");
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, "started by sigdrift-cluster");
        }
        Files.move(tmp, pidsDir.resolve(name + ".pid"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static ManagedProcess read(Path pidFile) throws IOException {
        Properties props = new Properties();
        try (var r = Files.newBufferedReader(pidFile, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        String file = pidFile.getFileName().toString();
        String started = props.getProperty("started");
        try {
            return new ManagedProcess(file.substring(0, file.length() - ".pid".length()), Long.parseLong(props.getProperty("pid", "")),
                    started == null ? null : Instant.parse(started));
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt pid file " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** The live process, if this pid still runs and is the one that was started (same start instant). */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> started == null || h.info().startInstant().map(started::equals).orElse(true));
    }

    public boolean alive() {
        return handle().isPresent();
    }

    /** SIGTERM (Flink's and Kafka's shutdown hooks run), then SIGKILL after {@link #GRACE}. True if it was running. */
    public boolean stop() {
        Optional<ProcessHandle> h = handle();
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
            awaitExit(h.get());
        } catch (InterruptedException e) {
            h.get().destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    /** SIGKILL: the process gets no chance to clean up (what a crashed machine or the OOM killer does). */
    public boolean kill() {
        Optional<ProcessHandle> h = handle();
        h.ifPresent(p -> {
            p.destroyForcibly();
            awaitExit(p);
        });
        return h.isPresent();
    }

    private static void awaitExit(ProcessHandle p) {
        try {
            p.onExit().get(GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("process " + p.pid() + " did not exit after SIGKILL", e);
        }
    }
}
