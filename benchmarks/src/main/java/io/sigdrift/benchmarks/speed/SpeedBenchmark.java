package io.sigdrift.benchmarks.speed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI engine's speed and memory benchmark:
 * {@code bin/bench speed [--data DIR] [--lines N] [--seconds S] [--seed X] [--no-memory] [--user-masks] [--mask-pairs P]}
 * ({@code --user-masks}: also (c1) and (c3) with five user-defined masks, and their ratios to the default, measured
 * again afterwards in P alternating warm pairs, default {@value MaskCost#DEFAULT_PAIRS}: see {@link MaskCost}).
 *
 * <p>Single-threaded, one JVM, one run: builds the {@link StreamGenerator} stream in memory, then
 * times full passes over it for the baselines (a) tokenise and (b) crude hash+count, and for
 * sigdrift's {@code SignatureEngine.add} (one engine for the stream, one engine per source system,
 * and a warm engine that has already learned the stream). Each workload gets warm-up passes, then
 * all are measured in interleaved rounds for about {@code S} seconds each (see {@link PassRunner});
 * the table shows the median, range and spread of lines/s, the median bytes allocated per line, and
 * the ratios against the baselines taken within each round, because this machine is shared and noisy. Finally it
 * measures retained heap and state bytes per signature (see {@link EngineMemory}).
 */
public final class SpeedBenchmark {
  public static final double DEFAULT_SECONDS = 4.0;

  private SpeedBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path data = StreamGenerator.DEFAULT_DATA_DIR;
    int lines = StreamGenerator.DEFAULT_LINES;
    long seed = StreamGenerator.DEFAULT_SEED;
    double seconds = DEFAULT_SECONDS;
    boolean memory = true;
    boolean userMasks = false;
    int maskPairs = MaskCost.DEFAULT_PAIRS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--lines" -> lines = Args.intValue(args, ++i, "--lines", 1, 50_000_000);
        case "--seconds" -> seconds = Args.doubleValue(args, ++i, "--seconds", 0, 3600);
        case "--seed" -> seed = Args.longValue(args, ++i, "--seed");
        case "--no-memory" -> memory = false;
        case "--user-masks" -> userMasks = true;
        case "--mask-pairs" -> maskPairs = Args.intValue(args, ++i, "--mask-pairs", 1, 1000);
        case "-h", "--help" -> {
          System.out.println("usage: bin/bench speed [--data DIR] [--lines N] [--seconds S] [--seed X] [--no-memory]"
              + " [--user-masks] [--mask-pairs P]");
          return;
        }
        default -> Args.fail("unknown option " + args[i] + " (try --help)");
      }
    }

    System.out.println(Machine.describe());
    StreamGenerator generator;
    try {
      generator = StreamGenerator.fromLoghub2k(data);
    } catch (IllegalArgumentException e) {
      Args.fail(e.getMessage());
      return;
    }
    long g0 = System.nanoTime();
    LogStream stream = generator.generate(lines, seed);
    System.out.printf("stream: %,d lines, %,d chars (%.1f per line), from %,d messages of %d systems, seed %d;"
            + " %,d distinct digit-masked shapes; built in %.1f s%n",
        stream.size(), stream.chars(), (double) stream.chars() / stream.size(), generator.messageCount(),
        generator.systemNames().size(), seed, distinctShapes(stream), (System.nanoTime() - g0) / 1e9);

    Path file = Files.createTempFile("sigdrift-speed-", ".log");
    file.toFile().deleteOnExit();
    StreamGenerator.write(stream, file);

    List<PassStats> results = timeWorkloads(stream, file, seconds, userMasks, maskPairs);
    Files.deleteIfExists(file);
    System.out.println();
    EngineWorkloads.printSummary(results, stream);
    if (memory) {
      System.out.println();
      EngineMemory.report(stream, seed, System.out);
    }
  }

  /**
   * Times every workload and prints the table. A method of its own so that the workloads (the warm
   * engine, the file reader) are unreachable once it returns and cannot be freed in the middle of the
   * memory measurements that follow.
   */
  private static List<PassStats> timeWorkloads(LogStream stream, Path file, double seconds, boolean userMasks,
      int maskPairs) throws Exception {
    List<Workload> workloads = new ArrayList<>();
    workloads.add(Baselines.readFileAndTokenize(file));
    workloads.add(Baselines.tokenize());
    workloads.add(Baselines.crude());
    workloads.addAll(EngineWorkloads.all(stream));
    if (userMasks) {
      workloads.addAll(EngineWorkloads.withFiveMasks(stream));
    }

    double warmup = Math.max(1.0, seconds / 2);
    PassRunner runner = new PassRunner(warmup, seconds);
    System.out.printf("timing: single thread; per workload %.1f s warm-up; then >= %d interleaved rounds"
            + " (each workload >= %.1f s per round) for ~%.1f s per workload; ratios = median over rounds%n%n",
        warmup, PassRunner.MIN_ROUNDS, PassRunner.ROUND_SLICE_SECONDS, seconds);
    PassRunner.Result r = runner.run(workloads, stream);
    int tokenize = indexOf(workloads, "(a) ");
    int crude = indexOf(workloads, "(b) ");
    System.out.printf("%-40s %12s %12s %12s %7s %13s %12s %6s %8s %8s%n",
        "workload", "lines/s med", "min", "max", "spread", "lines/CPU-s", "alloc B/line", "passes", "vs (a)", "vs (b)");
    for (int i = 0; i < workloads.size(); i++) {
      PassStats s = r.stats().get(i);
      System.out.printf("%-40s %,12.0f %,12.0f %,12.0f %6.0f%% %,13.0f %12.1f %6d %7.3fx %7.3fx%n",
          s.name, s.median(), s.min(), s.max(), 100 * s.spread(), s.medianPerCpuSecond(), s.medianBytesPerLine(), s.reps(),
          r.ratio(i, tokenize), r.ratio(i, crude));
    }
    System.out.printf("(%d rounds; spread = (max - min) / median over all passes; lines/CPU-s = lines per second of"
        + " this thread's CPU time, robust to other processes on the machine)%n", r.roundMedians().length);
    if (userMasks) {
      System.out.println("user masks " + EngineWorkloads.FIVE_MASKS + ":");
      for (String[] pair : new String[][] {{"(c1m) ", "(c1) "}, {"(c3m) ", "(c3) "}}) {
        int m = indexOf(workloads, pair[0]);
        int d = indexOf(workloads, pair[1]);
        System.out.printf("  %-38s %,13.0f lines/CPU-s vs %,13.0f without masks: %.3fx wall (median over rounds),"
                + " %.3fx per CPU-second (target >= 0.8)%n", workloads.get(m).name(),
            r.stats().get(m).medianPerCpuSecond(), r.stats().get(d).medianPerCpuSecond(), r.ratio(m, d),
            r.stats().get(m).medianPerCpuSecond() / r.stats().get(d).medianPerCpuSecond());
      }
      // the robust figure: adjacent passes with and without masks, alternating order, median over pairs
      MaskCost cost = new MaskCost();
      System.out.println("user masks, paired (" + maskPairs + " alternating warm pairs, target >= 0.8):");
      for (String[] pair : new String[][] {{"(c1m) ", "(c1) "}, {"(c3m) ", "(c3) "}}) {
        int m = indexOf(workloads, pair[0]);
        int d = indexOf(workloads, pair[1]);
        MaskCost.Ratios ratios = cost.measure(workloads.get(m), workloads.get(d), stream, maskPairs);
        System.out.printf("  %-38s %s%n", workloads.get(m).name(), ratios.describe());
      }
      if (cost.blackhole == 42) {
        System.out.println();
      }
    }
    if (runner.blackhole == 42) {
      System.out.println(); // consumes the checksums
    }
    return r.stats();
  }

  private static int indexOf(List<Workload> workloads, String prefix) {
    for (int i = 0; i < workloads.size(); i++) {
      if (workloads.get(i).name().startsWith(prefix)) {
        return i;
      }
    }
    throw new IllegalStateException("no workload " + prefix);
  }

  /** Distinct keys of the crude engine: how many templates a digit-masking engine would see. */
  private static int distinctShapes(LogStream stream) {
    CrudeEngine crude = new CrudeEngine();
    for (String line : stream.lines()) {
      crude.add(line);
    }
    return crude.size();
  }
}
