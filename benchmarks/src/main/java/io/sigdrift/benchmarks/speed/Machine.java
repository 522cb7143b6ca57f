package io.sigdrift.benchmarks.speed;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** One line describing where a benchmark ran, printed next to its figures. */
final class Machine {
  private Machine() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining("+"));
    return String.format("machine: %d cores (%s), %s %s (%s), max heap %d MiB, GC %s, %s %s",
        rt.availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("java.vm.vendor"), rt.maxMemory() >> 20, gcs,
        System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("cpu unknown");
    } catch (IOException | RuntimeException e) {
      return "cpu unknown";
    }
  }
}
