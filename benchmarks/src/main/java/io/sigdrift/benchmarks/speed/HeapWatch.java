package io.sigdrift.benchmarks.speed;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap high-water marks of this JVM while a job runs: the peak of heap in use (garbage included, so
 * it mostly reflects the young generation's size) and the largest heap in use right after a
 * collection (the live set plus what survived, the better figure for what the job keeps).
 */
final class HeapWatch implements AutoCloseable {
  private final java.util.Set<String> heapPools = new java.util.HashSet<>();
  private final LongAccumulator maxAfterGc = new LongAccumulator(Math::max, 0);
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = (n, h) -> {
    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      for (java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(e.getKey())) {
          used += e.getValue().getUsed();
        }
      }
      maxAfterGc.accumulate(used);
    }
  };

  HeapWatch() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        heapPools.add(p.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  /** Sum over heap pools of each pool's peak usage since this watch started. */
  long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Largest heap in use just after a collection during the watch, or -1 if no collection ran. */
  long maxHeapAfterGcBytes() {
    long v = maxAfterGc.get();
    return v == 0 ? -1 : v;
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // already gone: nothing to undo
      }
    }
  }
}
