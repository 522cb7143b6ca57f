package io.sigdrift.benchmarks.speed;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 that discards records but counts them and notes when the last one arrived, so a benchmark
 * can time the job from its first input record to its last output record (excluding MiniCluster
 * start-up and the final checkpoint a bounded job waits for). The tallies are static, keyed by name:
 * valid only in a local MiniCluster, where the job runs in the benchmark's own JVM.
 */
final class CountingSink implements Sink<String> {
  private static final long serialVersionUID = 1L;

  /** Per-name tallies: records written and the wall-clock time (ms) of the latest write. */
  static final class Tally {
    final AtomicLong records = new AtomicLong();
    final LongAccumulator lastWriteMillis = new LongAccumulator(Math::max, Long.MIN_VALUE);
  }

  private static final ConcurrentHashMap<String, Tally> TALLIES = new ConcurrentHashMap<>();

  private final String name;

  CountingSink(String name) {
    this.name = name;
  }

  static Tally tally(String name) {
    return TALLIES.computeIfAbsent(name, k -> new Tally());
  }

  static void reset() {
    TALLIES.clear();
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) {
    Tally t = tally(name);
    return new SinkWriter<>() {
      private long records;

      @Override
      public void write(String element, Context context) {
        // Count locally and publish in batches: a shared atomic per record would cost more than the job.
        if (++records == 4096) {
          publish();
        }
      }

      private void publish() {
        t.records.addAndGet(records);
        records = 0;
        t.lastWriteMillis.accumulate(System.currentTimeMillis());
      }

      @Override
      public void flush(boolean endOfInput) {
        if (records > 0) {
          publish();
        }
      }

      @Override
      public void close() {
        flush(true);
      }
    };
  }
}
