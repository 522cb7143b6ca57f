package io.sigdrift.benchmarks.speed;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.EngineStats;
import io.sigdrift.signatures.Match;
import io.sigdrift.signatures.SignatureEngine;
import io.sigdrift.signatures.UserMasks;
import java.util.List;

/** The speed benchmark's sigdrift workloads (c): {@link SignatureEngine#add} over the in-memory stream. */
final class EngineWorkloads {
  static final double TARGET_LINES_PER_SECOND = 1_000_000;
  static final double GOAL_LINES_PER_SECOND = 2_000_000;

  private EngineWorkloads() {}

  static List<Workload> all(LogStream stream) {
    return List.of(oneEngine(), enginePerSource(), warmEngine(stream));
  }

  /**
   * Five user masks of the kinds a user declares for in-house values (docs/masks.md): they rarely match the
   * Loghub stream, so what they cost is the prefilter on every masked token plus the regex on the tokens that
   * pass it, which is the price every job with masks pays.
   */
  static final List<String> FIVE_MASKS = List.of(
      "ORDER=ORD-\\d{6}",
      "TENANT=[A-Z]{3}_[a-z]{2}",
      "TICKET=[A-Z]{2,5}-\\d{1,6}",
      "TXN=txn_[0-9a-f]{16}",
      "SKU=SKU\\d{8}");

  static EngineConfig fiveMasks() {
    return EngineConfig.builder().masks(UserMasks.fromSpecs(FIVE_MASKS)).build();
  }

  /** (c1m) and (c3m): (c1) and (c3) with {@link #FIVE_MASKS}. */
  static List<Workload> withFiveMasks(LogStream stream) {
    return List.of(oneEngine("(c1m) engine.add, one engine, 5 masks", fiveMasks()),
        warmEngine("(c3m) engine.add, warm engine, 5 masks", fiveMasks()));
  }

  /** Folds a match into a checksum so the JIT must compute it. */
  static long consume(Match m) {
    return m.change().ordinal() + (m.truncated() ? 7 : 0) + m.signature().tokenCount();
  }

  /** (c1) A fresh engine per pass learns the whole stream: the cost a new source pays, creations included. */
  static Workload oneEngine() {
    return oneEngine("(c1) engine.add, one engine", EngineConfig.defaults());
  }

  static Workload oneEngine(String name, EngineConfig config) {
    return new Workload() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long pass(LogStream stream) {
        SignatureEngine engine = new SignatureEngine(config);
        long sum = 0;
        for (String line : stream.lines()) {
          sum += consume(engine.add(line));
        }
        return sum + engine.stats().signatures();
      }
    };
  }

  /** (c2) One fresh engine per source system, as the Flink job keys state by source. */
  static Workload enginePerSource() {
    return new Workload() {
      @Override
      public String name() {
        return "(c2) engine.add, one engine per source";
      }

      @Override
      public long pass(LogStream stream) {
        SignatureEngine[] engines = new SignatureEngine[stream.sourceNames().size()];
        for (int i = 0; i < engines.length; i++) {
          engines[i] = new SignatureEngine(EngineConfig.defaults());
        }
        String[] lines = stream.lines();
        byte[] sources = stream.sources();
        long sum = 0;
        for (int i = 0; i < lines.length; i++) {
          sum += consume(engines[sources[i]].add(lines[i]));
        }
        return sum;
      }
    };
  }

  /** (c3) One engine kept across passes: after the first pass it has learned the stream (steady state). */
  static Workload warmEngine(LogStream stream) {
    return warmEngine("(c3) engine.add, warm engine", EngineConfig.defaults());
  }

  static Workload warmEngine(String name, EngineConfig config) {
    return new Workload() {
      private final SignatureEngine engine = new SignatureEngine(config);

      @Override
      public String name() {
        return name;
      }

      @Override
      public long pass(LogStream s) {
        long sum = 0;
        for (String line : s.lines()) {
          sum += consume(engine.add(line));
        }
        return sum;
      }
    };
  }

  /** Prints what one engine learns from the stream and the verdict against the targets. */
  static void printSummary(List<PassStats> results, LogStream stream) {
    SignatureEngine one = new SignatureEngine(EngineConfig.defaults());
    for (String line : stream.lines()) {
      one.add(line);
    }
    SignatureEngine[] per = new SignatureEngine[stream.sourceNames().size()];
    for (int i = 0; i < per.length; i++) {
      per[i] = new SignatureEngine(EngineConfig.defaults());
    }
    for (int i = 0; i < stream.size(); i++) {
      per[stream.sources()[i]].add(stream.lines()[i]);
    }
    System.out.println("one engine over the stream:  " + describe(one.stats()));
    long sigs = 0;
    long created = 0;
    long updated = 0;
    long evicted = 0;
    long truncated = 0;
    StringBuilder bySource = new StringBuilder();
    for (int i = 0; i < per.length; i++) {
      EngineStats s = per[i].stats();
      sigs += s.signatures();
      created += s.created();
      updated += s.updated();
      evicted += s.evicted();
      truncated += s.truncatedLines();
      bySource.append(i == 0 ? "" : ", ").append(stream.sourceNames().get(i)).append(' ').append(s.signatures());
    }
    System.out.printf("engine per source (sum):     signatures %,d, created %,d, updated %,d, evicted %,d, truncated lines %,d%n",
        sigs, created, updated, evicted, truncated);
    System.out.println("  signatures by source: " + bySource);
    for (PassStats r : results) {
      if (r.name.startsWith("(c")) {
        double m = r.median();
        double cpu = r.medianPerCpuSecond();
        // Per core = per CPU-second of the one benchmark thread; on an idle machine it equals wall-clock lines/s.
        System.out.printf("%-40s %,.0f lines per CPU-second (wall %,.0f lines/s): %s target 1M lines/s/core, %s goal 2M%n",
            r.name, cpu, m, cpu >= TARGET_LINES_PER_SECOND ? "MEETS" : "MISSES",
            cpu >= GOAL_LINES_PER_SECOND ? "meets" : "misses");
      }
    }
  }

  static String describe(EngineStats s) {
    return String.format("lines %,d, signatures %,d, created %,d, updated %,d, evicted %,d, truncated lines %,d",
        s.lines(), s.signatures(), s.created(), s.updated(), s.evicted(), s.truncatedLines());
  }
}
