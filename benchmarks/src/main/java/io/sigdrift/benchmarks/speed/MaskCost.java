package io.sigdrift.benchmarks.speed;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of user masks measured in PAIRS: a full pass with masks and a full pass without, back to back, their
 * order alternating from pair to pair (with, without; without, with; ...), both workloads warmed first. Each pair
 * gives one ratio (masked lines per CPU-second / default lines per CPU-second, and the same for wall time); the
 * report is the median over pairs with its quartiles. Why: the interleaved rounds of {@link PassRunner} compare
 * medians of slices taken up to a second apart, and on this shared two-core machine one burst of load in one slice
 * moved the five-mask ratio between 0.77x and 1.21x from run to run. A pair's two passes are adjacent, the
 * alternation cancels a drift within the pair (JIT, GC, a neighbour's load ramp), CPU time excludes the time the
 * thread was descheduled, and the median over many pairs ignores the pairs a burst hit.
 */
final class MaskCost {
  /** Pairs measured per comparison: enough for quartiles that do not move by more than a few percent. */
  static final int DEFAULT_PAIRS = 15;
  /** Warm-up per workload before the pairs (JIT compilation of the masked path, which the default never takes). */
  static final double WARMUP_SECONDS = 2.0;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final double warmupSeconds;
  long blackhole;

  MaskCost() {
    this(WARMUP_SECONDS);
  }

  /** @param warmupSeconds warm-up per workload before the pairs (at least one pass each) */
  MaskCost(double warmupSeconds) {
    this.warmupSeconds = warmupSeconds;
  }

  /** Median and quartiles of the per-pair ratios masked / default (above 1: masks cost nothing measurable). */
  record Ratios(double cpuMedian, double cpuQ1, double cpuQ3, double wallMedian, double wallQ1, double wallQ3,
                int pairs) {
    String describe() {
      return String.format(Locale.ROOT, "%.3fx per CPU-second (quartiles %.3f..%.3f), %.3fx wall (%.3f..%.3f),"
          + " median of %d alternating pairs", cpuMedian, cpuQ1, cpuQ3, wallMedian, wallQ1, wallQ3, pairs);
    }
  }

  Ratios measure(Workload masked, Workload plain, LogStream stream, int pairs) throws Exception {
    if (pairs < 1) {
      throw new IllegalArgumentException("pairs must be >= 1, got " + pairs);
    }
    for (Workload w : new Workload[] {masked, plain}) {
      long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
      do {
        blackhole += w.pass(stream);
      } while (System.nanoTime() < end);
    }
    double[] cpu = new double[pairs];
    double[] wall = new double[pairs];
    for (int k = 0; k < pairs; k++) {
      long[] m;
      long[] p;
      if (k % 2 == 0) {
        m = time(masked, stream);
        p = time(plain, stream);
      } else {
        p = time(plain, stream);
        m = time(masked, stream);
      }
      // throughput ratio = time without masks / time with masks, for the same lines
      cpu[k] = (double) p[1] / m[1];
      wall[k] = (double) p[0] / m[0];
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    return new Ratios(quantile(cpu, 0.5), quantile(cpu, 0.25), quantile(cpu, 0.75), quantile(wall, 0.5),
        quantile(wall, 0.25), quantile(wall, 0.75), pairs);
  }

  /** {wall ns, CPU ns} of one pass. */
  private long[] time(Workload w, LogStream stream) throws Exception {
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    blackhole += w.pass(stream);
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    return new long[] {Math.max(1, t1 - t0), Math.max(1, c1 - c0)};
  }

  /** Linear interpolation between the closest ranks of a sorted array. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
