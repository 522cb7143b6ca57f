package io.sigdrift.benchmarks.reduce;

import io.sigdrift.benchmarks.speed.LogStream;
import io.sigdrift.benchmarks.speed.StreamGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole {@code sigdrift reduce} command as a user runs it, timed from outside:
 * {@code bin/bench reduce [--data DIR] [--lines N] [--seed X] [--runs R] [--jar ALL.jar] [--baseline-jar OLD.jar]
 * [--xmx 256m] [--mask NAME=REGEX]...}.
 *
 * <p>Writes {@code N} lines of the speed stream ({@link StreamGenerator}, as {@code bin/bench speed} builds it) to a
 * temporary file, then, in {@code R} interleaved rounds, launches as subprocesses and times (wall clock, and CPU
 * from the children's accounting in /proc/self/stat):
 * <ol>
 *   <li>{@code wc -l FILE}: a plain read of the file;</li>
 *   <li>{@code java -Xmx.. LineCount FILE}: a JVM that starts, reads and counts the lines (JVM start + read);</li>
 *   <li>{@code java -Xmx.. -jar ALL.jar reduce --input FILE --format csv --top 20} (JVM start, read, reduce, CSV
 *       out), and the same with {@code --baseline-jar} (e.g. the jar of the previous commit) when given.</li>
 * </ol>
 * Each reduce run must exit 0 and print the CSV header and 20 rows. Medians over the rounds are reported with
 * the ratios to the plain reads and to the baseline jar, measured in the same run because this machine is shared.
 *
 * <p>{@code --compare}: times {@code sigdrift compare} instead, on a generated pair (the stream of {@code --seed} as
 * the baseline, of seed + 1 as the target, N lines each): {@code wc -l} of both files, {@code compare --baseline A
 * --target B --format csv --top 20} of this build with attribution (the default) and with
 * {@code --no-attribution}, and of the baseline jar when given; ratios against this build without attribution.
 */
public final class ReduceBenchmark {
  static final int DEFAULT_RUNS = 3;
  static final String DEFAULT_XMX = "256m";
  static final int TOP = 20;
  /** The acceptance bound for 1M lines, JVM start included. */
  static final double TARGET_SECONDS = 2.5;

  private ReduceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path data = StreamGenerator.DEFAULT_DATA_DIR;
    int lines = StreamGenerator.DEFAULT_LINES;
    long seed = StreamGenerator.DEFAULT_SEED;
    int runs = DEFAULT_RUNS;
    Path jar = null;
    Path baseline = null;
    String xmx = DEFAULT_XMX;
    List<String> masks = new ArrayList<>();
    boolean compare = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(value(args, ++i));
        case "--lines" -> lines = Integer.parseInt(value(args, ++i).replace("_", ""));
        case "--seed" -> seed = Long.parseLong(value(args, ++i));
        case "--runs" -> runs = Integer.parseInt(value(args, ++i));
        case "--jar" -> jar = Path.of(value(args, ++i));
        case "--baseline-jar" -> baseline = Path.of(value(args, ++i));
        case "--xmx" -> xmx = value(args, ++i);
        case "--mask" -> masks.add(value(args, ++i));
        case "--compare" -> compare = true;
        case "-h", "--help" -> {
          System.out.println("usage: bin/bench reduce [--data DIR] [--lines N] [--seed X] [--runs R] [--jar ALL.jar]"
              + " [--baseline-jar OLD.jar] [--xmx 256m] [--mask NAME=REGEX]... [--compare]");
          return;
        }
        default -> fail("unknown option " + args[i] + " (try --help)");
      }
    }
    if (lines < 1 || runs < 1) {
      fail("--lines and --runs must be >= 1");
    }
    if (jar == null) {
      jar = findPipelineJar();
    }
    for (Path j : baseline == null ? List.of(jar) : List.of(jar, baseline)) {
      if (!Files.isRegularFile(j)) {
        fail("no such jar: " + j);
      }
    }

    StreamGenerator generator;
    try {
      generator = StreamGenerator.fromLoghub2k(data);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
      return;
    }
    if (compare) {
      compareMain(generator, lines, seed, runs, jar, baseline, xmx);
      return;
    }
    LogStream stream = generator.generate(lines, seed);
    Path file = Files.createTempFile("sigdrift-reduce-bench-", ".log");
    Path out = Files.createTempFile("sigdrift-reduce-bench-", ".csv");
    try {
      StreamGenerator.write(stream, file);
      System.out.printf(Locale.ROOT, "stream: %,d lines, %.1f MB (speed stream, seed %d); %d rounds; -Xmx%s%s%n",
          lines, Files.size(file) / 1e6, seed, runs, xmx, masks.isEmpty() ? "" : "; masks " + masks);
      String java = ProcessHandle.current().info().command().orElse("java");
      String cp = System.getProperty("java.class.path");
      List<Command> commands = new ArrayList<>();
      commands.add(new Command("plain read: wc -l", List.of("wc", "-l", file.toString()), null));
      commands.add(new Command("plain read: JVM start + line count",
          List.of(java, "-Xmx" + xmx, "-cp", cp, LineCount.class.getName(), file.toString()), null));
      commands.add(reduce("reduce (this build)", java, xmx, jar, file, masks));
      if (baseline != null) {
        commands.add(reduce("reduce (baseline jar)", java, xmx, baseline, file, masks));
      }
      double[][] wall = new double[commands.size()][runs];
      double[][] cpu = new double[commands.size()][runs];
      for (int r = 0; r < runs; r++) {
        for (int c = 0; c < commands.size(); c++) {
          double[] t = commands.get(c).run(out);
          wall[c][r] = t[0];
          cpu[c][r] = t[1];
        }
      }
      System.out.printf("%n%-38s %10s %10s %10s %10s %12s %12s%n", "command", "wall med", "wall min", "CPU med",
          "vs wc", "vs JVM read", "vs baseline");
      int self = 2;
      for (int c = 0; c < commands.size(); c++) {
        System.out.printf(Locale.ROOT, "%-38s %9.2fs %9.2fs %9.2fs %9.1fx %11.2fx %12s%n", commands.get(c).name,
            median(wall[c]), min(wall[c]), median(cpu[c]), median(wall[c]) / median(wall[0]),
            median(wall[c]) / median(wall[1]),
            baseline == null || c < self ? "" : String.format(Locale.ROOT, "%.2fx", median(wall[c]) / median(wall[3])));
      }
      double w = median(wall[self]);
      System.out.printf(Locale.ROOT, "%nreduce of %,d lines: %.2f s wall median (target <= %.1f s for 1M lines with"
          + " JVM start): %s; %,.0f lines per CPU-second%n", lines, w, TARGET_SECONDS,
          lines == StreamGenerator.DEFAULT_LINES ? (w <= TARGET_SECONDS ? "met" : "NOT met") : "n/a for this size",
          lines / median(cpu[self]));
      System.out.println("(wall includes JVM start; CPU = user+sys of the child from /proc/self/stat; the machine"
          + " is shared, so compare the ratios)");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(out);
    }
  }

  private static void compareMain(StreamGenerator generator, int lines, long seed, int runs, Path jar, Path baseline,
                                  String xmx) throws IOException, InterruptedException {
    Path a = Files.createTempFile("sigdrift-compare-bench-a-", ".log");
    Path b = Files.createTempFile("sigdrift-compare-bench-b-", ".log");
    Path out = Files.createTempFile("sigdrift-compare-bench-", ".csv");
    try {
      StreamGenerator.write(generator.generate(lines, seed), a);
      StreamGenerator.write(generator.generate(lines, seed + 1), b);
      System.out.printf(Locale.ROOT, "pair: %,d + %,d lines, %.1f + %.1f MB (speed stream, seeds %d and %d); %d rounds; -Xmx%s%n",
          lines, lines, Files.size(a) / 1e6, Files.size(b) / 1e6, seed, seed + 1, runs, xmx);
      String java = ProcessHandle.current().info().command().orElse("java");
      List<Command> commands = new ArrayList<>();
      commands.add(new Command("plain read: wc -l both", List.of("wc", "-l", a.toString(), b.toString()), null));
      commands.add(compare("compare --no-attribution (this build)", java, xmx, jar, a, b, true));
      commands.add(compare("compare (this build, attribution)", java, xmx, jar, a, b, false));
      if (baseline != null) {
        commands.add(compare("compare (baseline jar)", java, xmx, baseline, a, b, false));
      }
      double[][] wall = new double[commands.size()][runs];
      double[][] cpu = new double[commands.size()][runs];
      for (int r = 0; r < runs; r++) {
        for (int c = 0; c < commands.size(); c++) {
          double[] t = commands.get(c).run(out);
          wall[c][r] = t[0];
          cpu[c][r] = t[1];
        }
      }
      System.out.printf("%n%-38s %10s %10s %10s %10s %16s %16s%n", "command", "wall med", "wall min", "CPU med", "vs wc",
          "wall vs no-attr", "CPU vs no-attr");
      for (int c = 0; c < commands.size(); c++) {
        System.out.printf(Locale.ROOT, "%-38s %9.2fs %9.2fs %9.2fs %9.1fx %15.2fx %15.2fx%n", commands.get(c).name,
            median(wall[c]), min(wall[c]), median(cpu[c]), median(wall[c]) / median(wall[0]),
            median(wall[c]) / median(wall[1]), median(cpu[c]) / median(cpu[1]));
      }
      System.out.printf(Locale.ROOT, "%ncompare of %,d + %,d lines: attribution costs %.2fx wall, %.2fx CPU (medians) of the"
          + " same build without it%s%n", lines, lines, median(wall[2]) / median(wall[1]), median(cpu[2]) / median(cpu[1]),
          baseline == null ? "" : String.format(Locale.ROOT, "; %.2fx wall, %.2fx CPU of the baseline jar",
              median(wall[2]) / median(wall[3]), median(cpu[2]) / median(cpu[3])));
    } finally {
      Files.deleteIfExists(a);
      Files.deleteIfExists(b);
      Files.deleteIfExists(out);
    }
  }

  private static Command compare(String name, String java, String xmx, Path jar, Path a, Path b, boolean noAttribution) {
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+UseParallelGC", "-jar", jar.toString(), "compare",
        "--baseline", a.toString(), "--target", b.toString(), "--format", "csv", "--top", Integer.toString(TOP)));
    if (noAttribution) {
      cmd.add("--no-attribution");
    }
    return new Command(name, cmd, "rank,kind,");
  }

  private static Command reduce(String name, String java, String xmx, Path jar, Path file, List<String> masks) {
    // the JVM options bin/sigdrift gives reduce (ParallelGC for short batch commands), so this times what users run
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+UseParallelGC", "-jar", jar.toString(), "reduce", "--input",
        file.toString(), "--format", "csv", "--top", Integer.toString(TOP)));
    for (String m : masks) {
      cmd.add("--mask");
      cmd.add(m);
    }
    return new Command(name, cmd, "rank,signature_id,");
  }

  /**
   * One subprocess command line; {@code csvHeader} non-null: check that it printed a CSV header starting so, and (for
   * reduce) TOP rows; compare lists only the changes there are, so it needs the header alone.
   */
  private record Command(String name, List<String> argv, String csvHeader) {
    /** Runs once; returns {wall seconds, CPU seconds}. */
    double[] run(Path out) throws IOException, InterruptedException {
      double cpu0 = childCpuSeconds();
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(argv).redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int rc = p.waitFor();
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = childCpuSeconds() - cpu0;
      if (rc != 0) {
        throw new IllegalStateException(name + " exited with " + rc + ": " + String.join(" ", argv));
      }
      if (csvHeader != null) {
        List<String> rows = Files.readAllLines(out, StandardCharsets.UTF_8);
        boolean needsRows = csvHeader.equals("rank,signature_id,");
        if (rows.isEmpty() || !rows.get(0).startsWith(csvHeader) || (needsRows && rows.size() < TOP + 1)) {
          throw new IllegalStateException(name + " printed " + rows.size() + " CSV lines, expected a header and "
              + TOP + " rows");
        }
      }
      return new double[] {wall, cpu};
    }
  }

  /** user + sys time of the waited-for children of this process (Linux /proc; 0 elsewhere). */
  static double childCpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after the ")" that closes the command name: state is field 3; cutime 16 and cstime 17
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
      return ticks / 100.0; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static Path findPipelineJar() throws IOException {
    for (Path dir : List.of(Path.of("pipeline/target"), Path.of("../pipeline/target"))) {
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "sigdrift-pipeline-*-all.jar")) {
          for (Path p : ds) {
            return p;
          }
        }
      }
    }
    fail("no pipeline/target/sigdrift-pipeline-*-all.jar: build it (bin/sigdrift help) or pass --jar");
    return null;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      fail(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(2);
  }
}
