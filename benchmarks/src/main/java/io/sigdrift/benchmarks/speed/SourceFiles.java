package io.sigdrift.benchmarks.speed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a {@link StreamGenerator} stream as a directory of log files, one file per source, each
 * line prefixed with an ISO-8601 UTC timestamp: the input of the end-to-end Flink benchmark.
 * Source k holds lines of system {@code k % systems} (so 40 sources = 4 hosts of each of 10 systems);
 * each generated line goes to a random host of its system. Within a file time rises evenly, so that
 * the whole stream spans {@code spanMillis} of event time in every file.
 */
final class SourceFiles {
  /** 2026-01-01T00:00:00Z: in the past (the job rejects far-future times) and after 2000 (its minimum). */
  static final long BASE_MILLIS = 1_767_225_600_000L;
  static final String BASE_DATE = "2026-01-01T";
  static final long DAY_MILLIS = 86_400_000L;

  /** What was written. */
  record Written(Path dir, long lines, long chars, int sources) {}

  private SourceFiles() {}

  static Written write(StreamGenerator gen, Path dir, long lines, int sources, long seed, long spanMillis)
      throws IOException {
    int systems = gen.systemNames().size();
    if (sources < systems) {
      throw new IllegalArgumentException("--sources: must be >= " + systems + " (one per system), got " + sources);
    }
    if (spanMillis < 1 || spanMillis >= DAY_MILLIS) {
      throw new IllegalArgumentException("--span-minutes: must be in 1..1439");
    }
    Files.createDirectories(dir);
    BufferedWriter[] out = new BufferedWriter[sources];
    long[] written = new long[sources];
    int[][] hosts = new int[systems][];
    for (int s = 0; s < systems; s++) {
      int n = (sources - s + systems - 1) / systems; // sources k with k % systems == s
      hosts[s] = new int[n];
      for (int h = 0; h < n; h++) {
        hosts[s][h] = s + h * systems;
      }
    }
    // Expected lines per file; a file's clock advances by span / expected per line.
    double stepMillis = (double) spanMillis * sources / Math.max(1, lines);
    Random pick = new Random(seed ^ 0x5DEECE66DL);
    StringBuilder sb = new StringBuilder(256);
    long[] chars = {0};
    try {
      for (int k = 0; k < sources; k++) {
        String name = String.format("src-%03d-%s.log", k, gen.systemNames().get(k % systems));
        out[k] = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
      }
      gen.generate(lines, seed, (line, system) -> {
        int[] hs = hosts[system];
        int k = hs[hs.length == 1 ? 0 : pick.nextInt(hs.length)];
        long offset = Math.min(spanMillis, (long) (written[k]++ * stepMillis));
        sb.setLength(0);
        appendIso(sb, offset);
        sb.append(' ').append(line).append('\n');
        out[k].append(sb);
        chars[0] += sb.length();
      });
    } finally {
      for (BufferedWriter w : out) {
        if (w != null) {
          w.close();
        }
      }
    }
    return new Written(dir, lines, chars[0], sources);
  }

  /** {@code 2026-01-01Thh:mm:ss.SSSZ} for an offset in [0, 1 day) from {@link #BASE_MILLIS}. */
  static void appendIso(StringBuilder sb, long offsetMillis) {
    long ms = offsetMillis % 1000;
    long sec = offsetMillis / 1000;
    sb.append(BASE_DATE);
    two(sb, sec / 3600);
    sb.append(':');
    two(sb, sec / 60 % 60);
    sb.append(':');
    two(sb, sec % 60);
    sb.append('.');
    sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    sb.append('Z');
  }

  private static void two(StringBuilder sb, long v) {
    sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
