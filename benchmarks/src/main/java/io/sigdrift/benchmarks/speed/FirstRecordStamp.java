package io.sigdrift.benchmarks.speed;

import java.util.concurrent.atomic.LongAccumulator;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Identity map placed right after the source in both benchmark jobs (chained, so it costs a method
 * call): notes the wall-clock time of the first record of the run. Static: local MiniCluster only.
 */
final class FirstRecordStamp<T> implements MapFunction<T, T> {
  private static final long serialVersionUID = 1L;
  static final LongAccumulator FIRST_MILLIS = new LongAccumulator(Math::min, Long.MAX_VALUE);

  private transient boolean seen;

  static void reset() {
    FIRST_MILLIS.reset();
  }

  @Override
  public T map(T value) {
    if (!seen) {
      seen = true;
      FIRST_MILLIS.accumulate(System.currentTimeMillis());
    }
    return value;
  }
}
