package io.sigdrift.benchmarks.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassRunnerTest {
  static volatile Object sink;

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, PassStats.median(new double[] {3, 1, 2}));
    assertEquals(2.5, PassStats.median(new double[] {4, 1, 3, 2}));
    assertTrue(Double.isNaN(PassStats.median(new double[0])));
  }

  @Test
  void everyWorkloadIsMeasuredInEveryRoundAndAllocationIsSeen() throws Exception {
    LogStream s = new LogStream(new String[] {"a b", "c 1"}, new byte[] {0, 0}, List.of("x"));
    Workload cheap = new Workload() {
      @Override
      public String name() {
        return "cheap";
      }

      @Override
      public long pass(LogStream stream) {
        return stream.size();
      }
    };
    Workload allocating = new Workload() {
      @Override
      public String name() {
        return "allocating";
      }

      @Override
      public long pass(LogStream stream) {
        long sum = 0;
        for (String line : stream.lines()) {
          sink = new byte[1024]; // escapes through the field: the JIT cannot remove it
          sum += line.length();
        }
        return sum;
      }
    };
    PassRunner runner = new PassRunner(0, 0, 0);
    PassRunner.Result r = runner.run(List.of(cheap, allocating), s);
    assertEquals(PassRunner.MIN_ROUNDS, r.roundMedians().length);
    assertEquals(2, r.stats().size());
    assertEquals(1.0, r.ratio(0, 0), 1e-12);
    assertTrue(r.stats().get(1).medianBytesPerLine() >= 1024, "allocation per line: " + r.stats().get(1).medianBytesPerLine());
    assertTrue(r.stats().get(0).reps() >= PassRunner.MIN_ROUNDS);
  }
}
