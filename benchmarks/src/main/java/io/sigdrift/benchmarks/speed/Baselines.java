package io.sigdrift.benchmarks.speed;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The speed benchmark's baseline workloads: what sigdrift's engine is compared against. */
final class Baselines {
  private Baselines() {}

  /** (a) whitespace-tokenise each in-memory line (token boundaries only, no substrings). */
  static Workload tokenize() {
    return new Workload() {
      private final WhitespaceTokenizer tokenizer = new WhitespaceTokenizer();

      @Override
      public String name() {
        return "(a) tokenise (in memory)";
      }

      @Override
      public long pass(LogStream stream) {
        long sum = 0;
        for (String line : stream.lines()) {
          int n = tokenizer.tokenize(line);
          sum += n == 0 ? 0 : n + tokenizer.end(n - 1);
        }
        return sum;
      }
    };
  }

  /** (a') read the stream back from a UTF-8 file and whitespace-tokenise it: includes decoding and String creation. */
  static Workload readFileAndTokenize(Path file) {
    return new Workload() {
      private final WhitespaceTokenizer tokenizer = new WhitespaceTokenizer();

      @Override
      public String name() {
        return "(a') read file + tokenise";
      }

      @Override
      public long pass(LogStream stream) throws Exception {
        long sum = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            int n = tokenizer.tokenize(line);
            sum += n == 0 ? 0 : n + tokenizer.end(n - 1);
          }
        }
        return sum;
      }
    };
  }

  /** (b) the crude digit-masking hash-and-count engine, a fresh one per pass. */
  static Workload crude() {
    return new Workload() {
      @Override
      public String name() {
        return "(b) crude hash+count";
      }

      @Override
      public long pass(LogStream stream) {
        CrudeEngine engine = new CrudeEngine();
        long sum = 0;
        for (String line : stream.lines()) {
          sum += engine.add(line);
        }
        return sum + engine.size();
      }
    };
  }
}
