package io.sigdrift.benchmarks.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskCostTest {
  private static final LogStream STREAM =
      new LogStream(new String[] {"a b", "c 1"}, new byte[] {0, 0}, List.of("x"));

  /** A workload that records when it ran and spins for a given number of iterations per pass. */
  private static Workload spinning(String name, int iterations, List<String> calls) {
    return new Workload() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long pass(LogStream stream) {
        calls.add(name);
        long x = 1;
        for (int i = 0; i < iterations; i++) {
          x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
      }
    };
  }

  @Test
  void pairsAlternateWhichSideRunsFirstAfterTheWarmUp() throws Exception {
    List<String> calls = new ArrayList<>();
    new MaskCost(0).measure(spinning("m", 10, calls), spinning("d", 10, calls), STREAM, 4);
    // one warm-up pass each, then m d | d m | m d | d m
    assertEquals(List.of("m", "d", "m", "d", "d", "m", "m", "d", "d", "m"), calls);
  }

  @Test
  void aWorkloadDoingTwiceTheWorkScoresAboutHalf() throws Exception {
    List<String> calls = new ArrayList<>();
    MaskCost.Ratios r = new MaskCost(0.2).measure(spinning("slow", 4_000_000, calls),
        spinning("fast", 2_000_000, calls), STREAM, 9);
    assertEquals(9, r.pairs());
    // generous bounds: the machine is shared, but a factor of two must show as one
    assertTrue(r.cpuMedian() > 0.3 && r.cpuMedian() < 0.8, r.describe());
    assertTrue(r.cpuQ1() <= r.cpuMedian() && r.cpuMedian() <= r.cpuQ3(), r.describe());
  }

  @Test
  void quantilesInterpolateBetweenRanks() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertEquals(3.0, MaskCost.quantile(sorted, 0.5));
    assertEquals(2.0, MaskCost.quantile(sorted, 0.25));
    assertEquals(4.5, MaskCost.quantile(new double[] {4, 5}, 0.5));
    assertTrue(Double.isNaN(MaskCost.quantile(new double[0], 0.5)));
  }

  @Test
  void noPairsIsACallerMistake() {
    List<String> calls = new ArrayList<>();
    assertThrows(IllegalArgumentException.class,
        () -> new MaskCost(0).measure(spinning("m", 1, calls), spinning("d", 1, calls), STREAM, 0));
  }
}
