package io.sigdrift.benchmarks.speed;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Times full passes of several workloads on the current thread. Every workload is warmed up first
 * (JIT compilation), then the workloads are measured in interleaved rounds: in each round each
 * workload runs for at least {@link #ROUND_SLICE_SECONDS} (at least one pass). Interleaving matters
 * on a shared, noisy machine: a burst of load from other processes hits all workloads of a round
 * alike, so the per-round ratio against a baseline is far steadier than the ratio of medians taken
 * minutes apart. Allocation is read from the JVM's per-thread allocation counter, so it counts only
 * this thread's work.
 */
final class PassRunner {
  static final int MIN_ROUNDS = 3;
  static final int MAX_ROUNDS = 50;
  static final double ROUND_SLICE_SECONDS = 0.5;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final double warmupSeconds;
  private final double seconds;
  private final double sliceSeconds;
  /** Consumed checksums: the JIT cannot prove them unused. */
  long blackhole;

  /**
   * @param warmupSeconds warm-up time per workload (at least one pass)
   * @param seconds measuring time per workload: rounds go on until the total reaches
   *     {@code seconds} times the number of workloads, and for at least {@value #MIN_ROUNDS} rounds
   */
  PassRunner(double warmupSeconds, double seconds) {
    this(warmupSeconds, seconds, ROUND_SLICE_SECONDS);
  }

  PassRunner(double warmupSeconds, double seconds, double sliceSeconds) {
    this.warmupSeconds = warmupSeconds;
    this.seconds = seconds;
    this.sliceSeconds = sliceSeconds;
    threads.setThreadAllocatedMemoryEnabled(true);
  }

  /** Per workload, in order: its passes; and per round, each workload's median lines/s in that round. */
  record Result(List<PassStats> stats, double[][] roundMedians) {
    /** Median over rounds of (workload w's lines/s) / (workload base's lines/s) within the same round. */
    double ratio(int w, int base) {
      double[] r = new double[roundMedians.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = roundMedians[i][w] / roundMedians[i][base];
      }
      return PassStats.median(r);
    }
  }

  Result run(List<Workload> workloads, LogStream stream) throws Exception {
    for (Workload w : workloads) {
      long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
      do {
        blackhole += w.pass(stream);
      } while (System.nanoTime() < warmEnd);
    }
    int n = workloads.size();
    List<List<double[]>> passes = new ArrayList<>(); // per workload: {lines/s, bytes/line}
    for (int i = 0; i < n; i++) {
      passes.add(new ArrayList<>());
    }
    List<double[]> rounds = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * n * 1e9);
    while (rounds.size() < MAX_ROUNDS && (rounds.size() < MIN_ROUNDS || System.nanoTime() < end)) {
      double[] medians = new double[n];
      for (int i = 0; i < n; i++) {
        List<Double> thisRound = new ArrayList<>();
        long sliceEnd = System.nanoTime() + (long) (sliceSeconds * 1e9);
        do {
          double[] p = timePass(workloads.get(i), stream);
          passes.get(i).add(p);
          thisRound.add(p[0]);
        } while (System.nanoTime() < sliceEnd);
        medians[i] = PassStats.median(thisRound.stream().mapToDouble(Double::doubleValue).toArray());
      }
      rounds.add(medians);
    }
    List<PassStats> stats = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<double[]> p = passes.get(i);
      stats.add(new PassStats(workloads.get(i).name(), p.stream().mapToDouble(x -> x[0]).toArray(),
          p.stream().mapToDouble(x -> x[1]).toArray(), p.stream().mapToDouble(x -> x[2]).toArray()));
    }
    return new Result(stats, rounds.toArray(new double[0][]));
  }

  private double[] timePass(Workload w, LogStream stream) throws Exception {
    long a0 = threads.getCurrentThreadAllocatedBytes();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    blackhole += w.pass(stream);
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    long a1 = threads.getCurrentThreadAllocatedBytes();
    return new double[] {stream.size() / ((t1 - t0) / 1e9), (double) (a1 - a0) / stream.size(),
        stream.size() / (Math.max(1, c1 - c0) / 1e9)};
  }
}
