package io.sigdrift.pipeline.state;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.apache.flink.metrics.MetricGroup;

/**
 * How long an operator's write-back of its changed keys took at the last checkpoint (in {@code snapshotState}, on
 * the task thread, inside the checkpoint's synchronous part): wall time, the task thread's CPU time, and keys written,
 * published as gauges with the checkpoint's id so that a reader polling the metrics can tell checkpoints apart.
 * Why both times: the wall time is what the pause is made of, but on a shared machine it includes waiting for a core;
 * the CPU time is the operator's own cost, which is what a change to the state encoding changes
 * ({@code bin/bench checkpoint-pause} prints both per checkpoint, benchmarks/README.md).
 *
 * <p>Gauges ({@code prefix} + name): {@code CheckpointWriteId} (-1 before the first), {@code CheckpointWriteMs},
 * {@code CheckpointWriteCpuMs} (-1 where the JVM cannot measure thread CPU time), {@code CheckpointWriteKeys}.
 * Two clock reads per checkpoint; the fields are volatile because metric reporters read them on another thread.
 */
public final class WriteBackTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private volatile long checkpointId = -1;
    private volatile long wallMs;
    private volatile long cpuMs;
    private volatile long keys;
    private long startWall;
    private long startCpu;
    private long startKeys;

    /** Registers the gauges under {@code group}, each name prefixed with {@code prefix} (e.g. "anomaly"). */
    public WriteBackTiming register(MetricGroup group, String prefix) {
        String p = prefix.isEmpty() ? "checkpointWrite" : prefix + "CheckpointWrite";
        group.gauge(p + "Id", () -> checkpointId);
        group.gauge(p + "Ms", () -> wallMs);
        group.gauge(p + "CpuMs", () -> cpuMs);
        group.gauge(p + "Keys", () -> keys);
        return this;
    }

    /** Before the write-back; {@code keysWrittenSoFar} is the operator's running count of key writes. */
    public void start(long keysWrittenSoFar) {
        startKeys = keysWrittenSoFar;
        startCpu = cpuNanos();
        startWall = System.nanoTime();
    }

    /** After the write-back of checkpoint {@code id}. */
    public void end(long id, long keysWrittenSoFar) {
        long wall = System.nanoTime() - startWall;
        long cpu = startCpu < 0 ? -1 : cpuNanos();
        wallMs = wall / 1_000_000;
        cpuMs = cpu < 0 ? -1 : (cpu - startCpu) / 1_000_000;
        keys = keysWrittenSoFar - startKeys;
        checkpointId = id;   // last: a reader that sees the id sees its figures
    }

    public long checkpointId() {
        return checkpointId;
    }

    public long wallMs() {
        return wallMs;
    }

    public long cpuMs() {
        return cpuMs;
    }

    public long keys() {
        return keys;
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
