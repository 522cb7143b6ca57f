package io.sigdrift.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fixed CPU budget per process, from Linux control groups (CFS bandwidth control): each process put in
 * {@link #limit} gets its own group under {@code ROOT/sigdrift-<pid of this JVM>/} whose quota is {@code cpus}
 * CPU-seconds per second, whatever the process's thread count (its task threads, GC and JIT compiler threads,
 * Kafka clients all draw from the one budget, as they would on a machine with that many cores).
 *
 * <p>Why {@code bin/bench scaling} wants it: parallel efficiency is throughput(p) / (p × throughput(1)) with
 * p cores, but a TaskManager with one slot is not one core's worth of work — its source, count and sink
 * tasks are separate threads, so at p=1 it already takes most of a 2-core machine, and p=2 then has nothing
 * left to scale into (the broker and the benchmark's producer compete too). With every TaskManager capped at
 * {@code cpus} (e.g. 0.5 on 2 cores) the machine emulates slower cores with room to spare for the broker, and
 * the ratio measures the job's own scaling: key skew, the shuffle between TaskManagers, checkpoint
 * coordination. On a machine with enough cores the benchmark runs without it.
 *
 * <p>Both hierarchies are supported: cgroup v1 (a {@code cpu} controller mounted at
 * {@code /sys/fs/cgroup/cpu}: {@code cpu.cfs_quota_us} over {@code cpu.cfs_period_us}) and cgroup v2
 * ({@code cpu.max}, "quota period", with {@code +cpu} in the parent's {@code cgroup.subtree_control}). Writing
 * there needs root or a delegated subtree; without one {@link #open} says so rather than measuring something
 * else. {@link #close} moves the processes back to the root group and removes the groups it made.
 */
final class CpuQuota implements AutoCloseable {
    /** The CFS period: the kernel's default; the quota is a share of it. */
    static final long PERIOD_US = 100_000;
    /** Below 1 ms of every 100 ms the kernel refuses the quota (cgroup v1's minimum is 1,000 µs). */
    static final double MIN_CPUS = 0.01;

    enum Version { V1, V2 }

    private final Path group;
    private final Version version;
    private final double cpus;
    private final List<Path> children = new ArrayList<>();

    private CpuQuota(Path group, Version version, double cpus) {
        this.group = group;
        this.version = version;
        this.cpus = cpus;
    }

    /** A budget of {@code cpus} per process, in the machine's cgroup hierarchy. */
    static CpuQuota open(double cpus) throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/cpu");
        Path v2 = Path.of("/sys/fs/cgroup");
        if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us"))) {
            return open(v1, Version.V1, cpus);
        }
        if (Files.isRegularFile(v2.resolve("cgroup.controllers"))
                && Files.readString(v2.resolve("cgroup.controllers")).contains("cpu")) {
            return open(v2, Version.V2, cpus);
        }
        throw new IllegalStateException("--tm-cpus needs Linux's cgroup cpu controller (cgroup v1 at " + v1
                + " or cgroup v2 at " + v2 + " with the cpu controller); neither is here");
    }

    /** The same in a given hierarchy root (tests pass a plain directory). */
    static CpuQuota open(Path root, Version version, double cpus) throws IOException {
        if (!(cpus >= MIN_CPUS) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("--tm-cpus must be at least " + MIN_CPUS + ", was " + cpus);
        }
        Path group = root.resolve("sigdrift-" + ProcessHandle.current().pid());
        try {
            if (version == Version.V2) {
                write(root.resolve("cgroup.subtree_control"), "+cpu");
            }
            Files.createDirectories(group);
            if (version == Version.V2) {
                write(group.resolve("cgroup.subtree_control"), "+cpu");
            }
        } catch (IOException e) {
            throw new IllegalStateException("--tm-cpus: cannot create a control group under " + root
                    + " (needs root or a delegated cgroup): " + e.getMessage(), e);
        }
        return new CpuQuota(group, version, cpus);
    }

    /** What the group's quota file gets: v1 the quota in µs (the period is the default), v2 "quota period". */
    static String quotaLine(Version version, double cpus) {
        long quota = Math.round(cpus * PERIOD_US);
        return version == Version.V1 ? Long.toString(quota) : quota + " " + PERIOD_US;
    }

    /** Puts the process (all its threads) in a group of its own with this budget. */
    void limit(String name, long pid) throws IOException {
        Path child = group.resolve(name);
        Files.createDirectories(child);
        if (version == Version.V1) {
            write(child.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            write(child.resolve("cpu.cfs_quota_us"), quotaLine(version, cpus));
        } else {
            write(child.resolve("cpu.max"), quotaLine(version, cpus));
        }
        // cgroup.procs takes a process id and moves every thread of it (v1 and v2 alike)
        write(child.resolve("cgroup.procs"), Long.toString(pid));
        children.add(child);
    }

    double cpus() {
        return cpus;
    }

    String describe() {
        return String.format(Locale.ROOT, "%.2f CPU per TaskManager (cgroup %s, %s)", cpus, version == Version.V1 ? "v1" : "v2", group);
    }

    /** Moves what is still in the groups back to the root group and removes them. */
    @Override
    public void close() {
        Path rootProcs = group.getParent().resolve("cgroup.procs");
        for (Path child : children) {
            try {
                Path procs = child.resolve("cgroup.procs");
                if (Files.isRegularFile(procs)) {
                    for (String pid : Files.readAllLines(procs, StandardCharsets.UTF_8)) {
                        if (!pid.isBlank() && Files.exists(rootProcs)) {
                            try {
                                write(rootProcs, pid.trim());
                            } catch (IOException e) {
                                // the process ended meanwhile: nothing to move
                            }
                        }
                    }
                }
                deleteGroup(child);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove control group " + child, e);
            }
        }
        try {
            deleteGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove control group " + group, e);
        }
    }

    /**
     * A real control group is removed with rmdir while its control files are still listed (the kernel drops
     * them); a plain directory standing in for one in tests holds the files this class wrote.
     */
    private static void deleteGroup(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.delete(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    if (Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            }
            Files.delete(dir);
        }
    }

    private static void write(Path file, String value) throws IOException {
        // one write() call, no truncation games: cgroup files take a value per write
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }
}
