package io.sigdrift.benchmarks.speed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads during a run, grouped by what they do: the job's task threads by the name Flink
 * gives them (their chain's first operator), the JIT compilers, the garbage collector, and the rest (Flink's
 * runtime, the file source's fetchers, the benchmark). Read from Linux's {@code /proc/self/task/*}{@code /stat},
 * which, unlike {@code ThreadMXBean}, also lists the JVM's own compiler and GC threads. Task threads end with the
 * job, so a daemon thread samples every {@value #PERIOD_MS} ms and keeps each thread's last figure: a thread's
 * last period before it ends is lost (at most {@value #PERIOD_MS} ms of CPU per thread). Elsewhere than on Linux it
 * reports nothing.
 *
 * <p>Why per thread: on this shared 2-core machine the process's CPU time moves with the other processes' load,
 * while the split between stages within one run is far steadier, and it says where a change took effect.
 */
final class ThreadCpu implements AutoCloseable {
  static final int PERIOD_MS = 100;
  /** Groups in print order; a thread belongs to the first whose prefix its name (cut to 15 chars by Linux) has. */
  static final List<String[]> GROUPS = List.of(
      new String[] {"source+parse", "Source: input"},
      new String[] {"file reader", "Source Data Fet"},
      new String[] {"count stage", "signatures-and-"},
      new String[] {"anomaly stage", "anomalies -> an"},
      new String[] {"JIT", "C2 CompilerThre", "C1 CompilerThre"},
      new String[] {"GC", "GC Thread", "G1 ", "VM Thread"});
  static final String OTHER = "other";

  private static final Path TASKS = Path.of("/proc/self/task");
  /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<String, Long> startTicks = new HashMap<>();
  private final Map<String, Long> lastTicks = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  ThreadCpu() {
    sample(startTicks);
    sampler = new Thread(() -> {
      while (running) {
        sample(lastTicks);
        try {
          Thread.sleep(PERIOD_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "thread-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** CPU seconds per group during the run, in {@link #GROUPS} order then {@link #OTHER}. */
  Map<String, Double> secondsByGroup() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String[] g : GROUPS) {
      out.put(g[0], 0.0);
    }
    out.put(OTHER, 0.0);
    synchronized (lastTicks) {
      for (Map.Entry<String, Long> e : lastTicks.entrySet()) {
        long used = e.getValue() - startTicks.getOrDefault(e.getKey(), 0L);
        out.merge(group(names.get(e.getKey())), used / TICKS_PER_SECOND, Double::sum);
      }
    }
    return out;
  }

  static String group(String name) {
    for (String[] g : GROUPS) {
      for (int i = 1; i < g.length; i++) {
        if (name != null && name.startsWith(g[i])) {
          return g[0];
        }
      }
    }
    return OTHER;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
    sample(lastTicks);
  }

  private void sample(Map<String, Long> into) {
    if (!Files.isDirectory(TASKS)) {
      return;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path t : tasks) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue;   // the thread ended between the listing and the read
        }
        // "tid (comm) state ppid ... utime stime ...": comm may hold spaces and parentheses, so cut at the last ')'
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          continue;
        }
        String[] f = stat.substring(close + 2).split(" ");
        if (f.length < 13) {
          continue;
        }
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime (fields 14 and 15)
        String tid = t.getFileName().toString();
        synchronized (lastTicks) {
          into.put(tid, ticks);
          names.put(tid, stat.substring(open + 1, close));
        }
      }
    } catch (IOException | RuntimeException e) {
      // a sample less; the figures are approximate by design
    }
  }
}
