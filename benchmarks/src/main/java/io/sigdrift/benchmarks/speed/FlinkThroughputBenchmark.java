package io.sigdrift.benchmarks.speed;

import io.sigdrift.pipeline.connect.Sources;
import io.sigdrift.pipeline.job.Deployment;
import io.sigdrift.pipeline.job.JobConfig;
import io.sigdrift.pipeline.job.SigdriftJob;
import io.sigdrift.pipeline.job.SignatureCountOperator;
import io.sigdrift.pipeline.parse.ParseConfig;
import io.sigdrift.pipeline.parse.ParseFunction;
import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * End-to-end throughput of the sigdrift Flink job next to a pass-through job with
 * the same source and sink, in one run:
 * {@code bin/bench flinkthroughput [--data DIR] [--lines N] [--sources S] [--parallelism 1,2]
 * [--checkpoint-seconds C] [--span-minutes M] [--work DIR] [--keep] [--seed X]}.
 *
 * <p>Input: {@link SourceFiles} writes the {@link StreamGenerator} stream (default 5M lines) as S
 * timestamped files, one per source, read by the job's own file source ({@link Sources#files}), as
 * {@code sigdrift run --input DIR} does. Both jobs run in a local MiniCluster with the job's own
 * {@link Deployment} configuration (hashmap state backend, checkpoints every C seconds, retained), and
 * write into a discarding, counting sink: the pass-through job sends each line's text, the sigdrift job
 * its three JSON Lines streams (signatures, counts, dead letters).
 *
 * <p>Reported per job: lines/s from the first input record to the last output record (so MiniCluster
 * start-up and the final checkpoint a bounded job waits for are excluded; wall time is shown too), the
 * ratio to pass-through at the same parallelism, the latest retained checkpoint's id and size on disk,
 * and heap high-water marks ({@link HeapWatch}). Jobs alternate (pass-through, sigdrift) per
 * parallelism so load from other processes on this shared machine hits both alike.
 *
 * <p>{@code --warmup N}: before the measured run of each job, N unmeasured runs of the same job on the same
 * input at the same parallelism in the same JVM. A 5M-line run lasts about 15 s, and in a fresh JVM a large
 * part of it is JIT compilation (C2 threads busy) and heap sizing; the first of these runs is then reported as
 * {@code cold} and the measured one as {@code warm}, each row labelled. Rounds alternate the jobs as above. With
 * {@code --warmup N} the small p=1 warm-up ({@code --warmup-lines}) is off unless given, so {@code cold} is the
 * first run in the JVM. Without it (the default, N = 0) the output is as before.
 */
public final class FlinkThroughputBenchmark {
  public static final long DEFAULT_LINES = 5_000_000;
  public static final int DEFAULT_SOURCES = 40;
  public static final int DEFAULT_CHECKPOINT_SECONDS = 5;
  public static final int DEFAULT_SPAN_MINUTES = 120;
  /** Lines of the unmeasured warm-up runs: JIT-compiles both jobs' code before anything is timed. */
  public static final long DEFAULT_WARMUP_LINES = 300_000;
  /** {@code --warmup}: at most this many unmeasured full-size runs per job (each one is a whole run). */
  public static final int MAX_WARMUP_RUNS = 20;

  private FlinkThroughputBenchmark() {}

  /** One job's figures; {@code phase} is "" for the single measured run, else "cold" or "warm". */
  record Run(String phase, String job, int parallelism, long linesIn, long outRecords, long firstToLastMillis, long wallMillis,
             long netRuntimeMillis, long checkpointId, long checkpointBytes, long peakHeap, long maxHeapAfterGc,
             long deadLetters, long late, long signatureEvents, long cpuMillis, Map<String, Double> threadCpu) {
    double linesPerSecond() {
      return firstToLastMillis <= 0 ? Double.NaN : linesIn * 1000.0 / firstToLastMillis;
    }
  }

  public static void main(String[] args) throws Exception {
    Path data = StreamGenerator.DEFAULT_DATA_DIR;
    long lines = DEFAULT_LINES;
    int sources = DEFAULT_SOURCES;
    List<Integer> parallelisms = List.of(1, 2);
    int checkpointSeconds = DEFAULT_CHECKPOINT_SECONDS;
    int spanMinutes = DEFAULT_SPAN_MINUTES;
    Path work = null;
    boolean keep = false;
    long seed = StreamGenerator.DEFAULT_SEED;
    List<String> jobs = List.of("pass-through", "sigdrift");
    long warmupLines = DEFAULT_WARMUP_LINES;
    boolean warmupLinesGiven = false;
    int warmupRuns = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--lines" -> lines = Args.intValue(args, ++i, "--lines", 1, Integer.MAX_VALUE);
        case "--sources" -> sources = Args.intValue(args, ++i, "--sources", 1, 10_000);
        case "--parallelism" -> parallelisms = parseList(Args.value(args, ++i, "--parallelism"));
        case "--checkpoint-seconds" -> checkpointSeconds = Args.intValue(args, ++i, "--checkpoint-seconds", 1, 3600);
        case "--span-minutes" -> spanMinutes = Args.intValue(args, ++i, "--span-minutes", 1, 1439);
        case "--work" -> work = Path.of(Args.value(args, ++i, "--work"));
        case "--keep" -> keep = true;
        case "--seed" -> seed = Args.longValue(args, ++i, "--seed");
        case "--jobs" -> jobs = parseJobs(Args.value(args, ++i, "--jobs"));
        case "--warmup-lines" -> {
          warmupLines = Args.intValue(args, ++i, "--warmup-lines", 0, Integer.MAX_VALUE);
          warmupLinesGiven = true;
        }
        case "--warmup" -> warmupRuns = Args.intValue(args, ++i, "--warmup", 0, MAX_WARMUP_RUNS);
        case "-h", "--help" -> {
          System.out.println("usage: bin/bench flinkthroughput [--data DIR] [--lines N] [--sources S] [--parallelism 1,2]"
              + " [--checkpoint-seconds C] [--span-minutes M] [--work DIR] [--keep] [--seed X]"
              + " [--jobs pass-through,sigdrift,signatures-only] [--warmup-lines N] [--warmup N]");
          return;
        }
        default -> Args.fail("unknown option " + args[i] + " (try --help)");
      }
    }
    // Flink's WARN lines at MiniCluster shutdown (delegation tokens, log.file, "could not mark job result as
    // clean") are routine for a local run and would bury the table.
    org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.ERROR);
    System.out.println(Machine.describe());
    StreamGenerator gen;
    try {
      gen = StreamGenerator.fromLoghub2k(data);
    } catch (IllegalArgumentException e) {
      Args.fail(e.getMessage());
      return;
    }
    Path dir = work != null ? work : Files.createTempDirectory("sigdrift-flinkbench-");
    Path input = dir.resolve("input");
    long t0 = System.nanoTime();
    SourceFiles.Written w;
    try {
      w = SourceFiles.write(gen, input, lines, sources, seed, spanMinutes * 60_000L);
    } catch (IllegalArgumentException e) {
      Args.fail(e.getMessage());
      return;
    }
    System.out.printf("input: %,d lines, %,d chars in %d files (one per source) under %s, %d min of event time,"
            + " seed %d; written in %.1f s%n", w.lines(), w.chars(), w.sources(), input, spanMinutes, seed,
        (System.nanoTime() - t0) / 1e9);
    System.out.printf("jobs: local MiniCluster, hashmap state backend, checkpoints every %d s (retained),"
        + " window %s, discarding counting sinks%n%n", checkpointSeconds, JobConfig.DEFAULT_WINDOW);

    if (warmupRuns > 0 && !warmupLinesGiven) {
      warmupLines = 0;   // "cold" then means the first run in this JVM
    }
    int n = 0;
    if (warmupLines > 0) {
      // Without this the first sigdrift run pays the JIT compilation of the engine and the job (in a
      // 5M-line run about a third of its CPU time) and later runs look faster for that reason alone.
      Path warmInput = dir.resolve("warmup-input");
      SourceFiles.write(gen, warmInput, warmupLines, sources, seed + 1, spanMinutes * 60_000L);
      for (String job : jobs) {
        run("warm-up", job, warmInput, 1, dir.resolve("checkpoints-warmup-" + (n++) + "-" + job), Duration.ofSeconds(checkpointSeconds));
      }
      System.err.printf("  warm-up: %,d lines through each job at p=1 (not measured)%n", warmupLines);
    }
    List<Run> runs = new ArrayList<>();
    for (int p : parallelisms) {
      // Round 0 is the cold run (reported when warming up), rounds 1..N-1 unmeasured, round N the measured one.
      for (int round = 0; round <= warmupRuns; round++) {
        String phase = warmupRuns == 0 ? "" : round == 0 ? "cold" : round == warmupRuns ? "warm" : null;
        for (String job : jobs) {
          Path ck = dir.resolve("checkpoints-" + (n++) + "-" + job + "-p" + p);
          Run r = run(phase == null ? "unmeasured" : phase, job, input, p, ck, Duration.ofSeconds(checkpointSeconds));
          if (phase != null) {
            runs.add(r);
          } else {
            deleteRecursively(ck);   // N runs of retained checkpoints would fill the disk
          }
          System.err.printf("  %s p=%d%s: %,.0f lines/s%n", job, p,
              phase == null ? " (warm-up " + round + " of " + warmupRuns + ")" : phase.isEmpty() ? "" : " " + phase,
              r.linesPerSecond());
        }
      }
    }
    if (warmupRuns > 0) {
      System.out.printf("cold = the first run of each job in this JVM%s; warm = the run after %d unmeasured"
              + " run(s) of the same job on the same input (--warmup %d)%n",
          warmupLines > 0 ? " after the " + warmupLines + "-line p=1 warm-up" : "", warmupRuns, warmupRuns);
    }
    print(runs);
    if (!keep) {
      deleteRecursively(dir);
    } else {
      System.out.println("kept inputs and checkpoints under " + dir);
    }
  }

  private static List<String> parseJobs(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      String j = s.trim();
      if (!j.equals("pass-through") && !j.equals("sigdrift") && !j.equals("signatures-only")) {
        Args.fail("--jobs: each value must be pass-through, sigdrift or signatures-only, got '" + j + "'");
      }
      out.add(j);
    }
    return out;
  }

  private static List<Integer> parseList(String v) {
    List<Integer> out = new ArrayList<>();
    for (String s : v.split(",")) {
      try {
        int p = Integer.parseInt(s.trim());
        if (p < 1 || p > 64) {
          Args.fail("--parallelism: each value must be in 1..64, got " + p);
        }
        out.add(p);
      } catch (NumberFormatException e) {
        Args.fail("--parallelism: not a comma-separated list of integers: " + v);
      }
    }
    return out;
  }

  static Run run(String phase, String job, Path input, int parallelism, Path checkpoints, Duration interval) throws Exception {
    Deployment deployment = new Deployment(parallelism, checkpoints, interval, "hashmap", null, 0, 0);
    StreamExecutionEnvironment env = deployment.environment();
    CountingSink.reset();
    FirstRecordStamp.reset();
    DataStream<RawLine> raw = env
        .fromSource(Sources.files(List.of(input), null), WatermarkStrategy.noWatermarks(), "input")
        .map(new FirstRecordStamp<RawLine>()).returns(TypeInformation.of(RawLine.class)).name("first-record-stamp");
    List<String> sinks;
    if (job.equals("pass-through")) {
      raw.map(new TextOf()).returns(Types.STRING).name("text").sinkTo(new CountingSink("out")).name("out");
      sinks = List.of("out");
    } else {
      // "sigdrift" is the whole job as `sigdrift run` builds it (anomaly stage included);
      // "signatures-only" turns the anomaly stage off, to show what each stage costs.
      boolean anomalies = job.equals("sigdrift");
      JobConfig.Builder builder = JobConfig.builder()
          .parse(ParseConfig.builder().sourceNaming(ParseConfig.SourceNaming.FILE).build());
      if (!anomalies) {
        builder.anomalies(null);
      }
      SigdriftJob.Outputs outputs = SigdriftJob.build(raw, builder.build());
      SigdriftJob.sinkTo(outputs, new SigdriftJob.OutputSinks(new CountingSink("signatures"),
          new CountingSink("counts"), new CountingSink("dead-letters"),
          anomalies ? new CountingSink("anomalies") : null));
      sinks = anomalies ? List.of("signatures", "counts", "dead-letters", "anomalies")
          : List.of("signatures", "counts", "dead-letters");
    }
    System.gc();
    JobExecutionResult result;
    long wall;
    long peak;
    long afterGc;
    long cpu;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    Map<String, Double> threadCpu;
    try (HeapWatch heap = new HeapWatch(); ThreadCpu threads = new ThreadCpu()) {
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      result = env.execute("bench " + job + " p" + parallelism);
      wall = (System.nanoTime() - t0) / 1_000_000;
      cpu = (os.getProcessCpuTime() - c0) / 1_000_000;
      peak = heap.peakHeapBytes();
      afterGc = heap.maxHeapAfterGcBytes();
      threads.close();
      threadCpu = threads.secondsByGroup();
    }
    long out = 0;
    long last = Long.MIN_VALUE;
    for (String s : sinks) {
      CountingSink.Tally t = CountingSink.tally(s);
      out += t.records.get();
      last = Math.max(last, t.lastWriteMillis.get());
    }
    long first = FirstRecordStamp.FIRST_MILLIS.get();
    long linesIn = job.equals("pass-through") ? out : acc(result, ParseFunction.ACC_LINES);
    Optional<Path> chk = Deployment.latestCheckpoint(checkpoints);
    long chkId = chk.map(p -> Long.parseLong(p.getFileName().toString().substring("chk-".length()))).orElse(-1L);
    long chkBytes = chk.isPresent() ? sizeOf(chk.get()) : -1;
    return new Run(phase, job, parallelism, linesIn, out, last == Long.MIN_VALUE ? -1 : last - first, wall,
        result.getNetRuntime(), chkId, chkBytes, peak, afterGc, acc(result, ParseFunction.ACC_DEAD_LETTERS),
        acc(result, SignatureCountOperator.ACC_LATE), acc(result, SignatureCountOperator.ACC_SIGNATURE_EVENTS), cpu,
        threadCpu);
  }

  private static void print(List<Run> runs) {
    // The "run" column (cold / warm) only with --warmup, so the default table reads as it always did.
    boolean phases = runs.stream().anyMatch(r -> !r.phase().isEmpty());
    String runCol = phases ? String.format("%-5s ", "run") : "";
    System.out.printf("%n" + runCol + "%-13s %3s %12s %9s %9s %8s %7s %12s %11s %6s %12s %10s %12s %9s %8s %6s%n", "job", "p", "lines/s",
        "first-last", "wall s", "vs pass", "CPU s", "lines/CPU-s", "out records", "chk id", "chk bytes", "peak heap", "heap aft GC",
        "sig events", "dead", "late");
    for (Run r : runs) {
      Run pass = runs.stream().filter(x -> x.job().equals("pass-through") && x.parallelism() == r.parallelism()
              && x.phase().equals(r.phase()))
          .findFirst().orElse(r);
      System.out.printf((phases ? String.format("%-5s ", r.phase()) : "")
              + "%-13s %3d %,12.0f %8.1fs %9.1f %7.3fx %7.1f %,12.0f %,11d %6s %,12d %8s %12s %,10d %,8d %,6d%n",
          r.job(), r.parallelism(), r.linesPerSecond(), r.firstToLastMillis() / 1000.0, r.wallMillis() / 1000.0,
          r.linesPerSecond() / pass.linesPerSecond(), r.cpuMillis() / 1000.0,
          linesPerCpuSecond(r), r.outRecords(), r.checkpointId() < 0 ? "-" : r.checkpointId(),
          r.checkpointBytes(), mib(r.peakHeap()), mib(r.maxHeapAfterGc()), r.signatureEvents(), r.deadLetters(),
          r.late());
    }
    System.out.println("lines/s = lines in / (last output record - first input record); wall = env.execute incl."
        + " start-up and final checkpoint; peak heap incl. garbage; heap aft GC = max heap in use after a GC"
        + " (MiB, whole JVM incl. MiniCluster); chk = latest retained checkpoint (id = checkpoints taken);"
        + " CPU s = this JVM's CPU time during env.execute (all threads, incl. JIT and GC: on a 2-core machine at most"
        + " 2x wall); lines/CPU-s = lines in / CPU s, robust to other processes on the machine.");
    printThreadCpu(runs);
    for (Run r : runs) {
      if (r.job().equals("sigdrift") && r.parallelism() == 2) {
        double lps = r.linesPerSecond();
        System.out.printf("sigdrift at p=2%s: %,.0f lines/s (%,.0f lines/CPU-s): %s the issue's bar of 500k lines/s"
                + " on 2 cores, %s the 1M target%n", r.phase().isEmpty() ? "" : " (" + r.phase() + ")",
            lps, linesPerCpuSecond(r), lps >= 500_000 ? "MEETS" : "MISSES", lps >= 1_000_000 ? "meets" : "misses");
      }
    }
  }

  /**
   * Where each run's CPU went, per group of threads ({@link ThreadCpu}): the job's tasks by their chain's first
   * operator (a chained operator counts in its chain's thread: the JSON encoders and sinks in the count stage's),
   * the file reader, JIT compilers, GC and the rest. Seconds, then microseconds per input line.
   */
  private static void printThreadCpu(List<Run> runs) {
    if (runs.isEmpty() || runs.get(0).threadCpu().values().stream().allMatch(v -> v == 0)) {
      return;   // not on Linux
    }
    boolean phases = runs.stream().anyMatch(r -> !r.phase().isEmpty());
    List<String> groups = new ArrayList<>(runs.get(0).threadCpu().keySet());
    StringBuilder head = new StringBuilder(String.format("%n%s%-13s %3s", phases ? String.format("%-5s ", "run") : "", "CPU s by thread", "p"));
    for (String g : groups) {
      head.append(String.format(" %14s", g));
    }
    System.out.println(head);
    for (Run r : runs) {
      StringBuilder row = new StringBuilder(String.format("%s%-13s %3d", phases ? String.format("%-5s ", r.phase()) : "",
          r.job(), r.parallelism()));
      for (String g : groups) {
        double sec = r.threadCpu().getOrDefault(g, 0.0);
        row.append(String.format(" %6.1f %5.2fus", sec, r.linesIn() <= 0 ? Double.NaN : sec * 1e6 / r.linesIn()));
      }
      System.out.println(row);
    }
    System.out.println("CPU s by thread: from /proc/self/task, sampled every " + ThreadCpu.PERIOD_MS + " ms (a thread's"
        + " last period before it ends is lost); us = microseconds of CPU per input line. Chained operators run in"
        + " their chain's thread (the JSON encoders and sinks in the count stage's; in jobs that chain it, the anomaly"
        + " stage too); file reader = the file source's fetcher threads; other = Flink's runtime and the benchmark.");
  }

  private static double linesPerCpuSecond(Run r) {
    return r.cpuMillis() <= 0 ? Double.NaN : r.linesIn() * 1000.0 / r.cpuMillis();
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format("%,d MiB", bytes >> 20);
  }

  private static long acc(JobExecutionResult r, String name) {
    Object v = r.getAccumulatorResult(name);
    return v instanceof Number num ? num.longValue() : 0L;
  }

  /**
   * A walk over a finished run's checkpoint directory: Flink's checkpoint cleaner may still be removing subsumed
   * checkpoints of that run in the background, so an entry that vanishes while we walk is skipped, not an error
   * (it made the benchmark die with NoSuchFileException after a finished warm-up run).
   */
  private abstract static class VanishedEntriesSkipped extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      if (e instanceof NoSuchFileException) {
        return FileVisitResult.CONTINUE;
      }
      throw e;
    }
  }

  /** Bytes of the regular files under dir (see {@link VanishedEntriesSkipped}). */
  private static long sizeOf(Path dir) throws IOException {
    long[] total = {0};
    Files.walkFileTree(dir, new VanishedEntriesSkipped() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  /** Deletes a finished run's checkpoint directory (see {@link VanishedEntriesSkipped}). */
  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new VanishedEntriesSkipped() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** The pass-through job's only work: a line's text. */
  static final class TextOf implements MapFunction<RawLine, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(RawLine line) {
      return line.text;
    }
  }
}
