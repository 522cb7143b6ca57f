package io.sigdrift.benchmarks.reduce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plain-read baseline of {@link ReduceBenchmark}: a JVM that reads a file in 64 KiB chunks and counts its
 * '\n' bytes, so the reduce run can be compared with "start a JVM and read the file" on the same machine.
 */
public final class LineCount {
  private LineCount() {}

  public static void main(String[] args) throws IOException {
    long lines = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
      }
    }
    System.out.println(lines);
  }
}
