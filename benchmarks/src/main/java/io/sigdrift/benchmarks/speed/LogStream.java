package io.sigdrift.benchmarks.speed;

import java.util.List;
import java.util.Objects;

/**
 * An in-memory stream of log lines, each tagged with the index of the system (source) it came from,
 * so a benchmark can feed one engine for the whole stream or one engine per source.
 *
 * @param lines the lines, in stream order
 * @param sources {@code sources[i]} is the index into {@code sourceNames} of line i
 * @param sourceNames source (system) names
 */
public record LogStream(String[] lines, byte[] sources, List<String> sourceNames) {
  public LogStream {
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(sources, "sources");
    if (lines.length != sources.length) {
      throw new IllegalArgumentException("lines and sources differ in length: " + lines.length + " vs " + sources.length);
    }
    sourceNames = List.copyOf(sourceNames);
  }

  public int size() {
    return lines.length;
  }

  /** Total characters over all lines (to report the stream's volume). */
  public long chars() {
    long n = 0;
    for (String line : lines) {
      n += line.length();
    }
    return n;
  }
}
