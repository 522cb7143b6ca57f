package io.sigdrift.benchmarks.speed;

import java.lang.management.ManagementFactory;

/**
 * Times full passes of a workload on the current thread: warm-up passes first (JIT compilation),
 * then measured passes until both a time budget and a minimum count are reached. Allocation is read
 * from the JVM's per-thread allocation counter, so it counts only this thread's work.
 */
final class PassRunner {
  static final int MIN_REPS = 3;
  static final int MAX_REPS = 40;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final double warmupSeconds;
  private final double seconds;
  /** Consumed checksums: the JIT cannot prove them unused. */
  long blackhole;

  PassRunner(double warmupSeconds, double seconds) {
    this.warmupSeconds = warmupSeconds;
    this.seconds = seconds;
    threads.setThreadAllocatedMemoryEnabled(true);
  }

  PassStats run(Workload w, LogStream stream) throws Exception {
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    do {
      blackhole += w.pass(stream);
    } while (System.nanoTime() < warmEnd);

    double[] lps = new double[MAX_REPS];
    double[] bpl = new double[MAX_REPS];
    int reps = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (reps < MAX_REPS && (reps < MIN_REPS || System.nanoTime() < end)) {
      long a0 = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      blackhole += w.pass(stream);
      long t1 = System.nanoTime();
      long a1 = threads.getCurrentThreadAllocatedBytes();
      lps[reps] = stream.size() / ((t1 - t0) / 1e9);
      bpl[reps] = (double) (a1 - a0) / stream.size();
      reps++;
    }
    return new PassStats(w.name(), java.util.Arrays.copyOf(lps, reps), java.util.Arrays.copyOf(bpl, reps));
  }
}
