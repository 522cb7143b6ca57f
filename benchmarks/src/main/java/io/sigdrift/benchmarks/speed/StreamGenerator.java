package io.sigdrift.benchmarks.speed;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the speed benchmark's stream: lines drawn at random from the ten Loghub-2k systems'
 * messages (the Content column of {@code loghub-2k/<Sys>/<Sys>_2k.log_structured.csv}) with every
 * digit replaced by a random digit, so each digit run keeps its length but takes new values. Ids,
 * counters, addresses and hex-with-digits tokens therefore vary from line to line as in a real log,
 * and an engine that does not mask them sees thousands of distinct "templates".
 *
 * <p>Deterministic: the same messages, line count and seed give the same stream on any JVM
 * ({@link java.util.Random}'s algorithm is specified). Messages are drawn uniformly over all
 * messages, so each system contributes in proportion to its message count (2,000 each in Loghub-2k).
 *
 * <p>Usage: {@code bin/bench streamgenerator [--data DIR] [--lines N] [--seed S] --out FILE}
 * writes the stream, one line per event.
 */
public final class StreamGenerator {
  /** The ten Loghub-2k systems, in the order their indices appear in {@link LogStream#sources()}. */
  public static final List<String> LOGHUB_2K_SYSTEMS = List.of(
      "Android", "Apache", "BGL", "HDFS", "HPC", "Linux", "OpenSSH", "Spark", "Windows", "Zookeeper");
  public static final Path DEFAULT_DATA_DIR = Path.of("../shared/datasets");
  public static final int DEFAULT_LINES = 1_000_000;
  public static final long DEFAULT_SEED = 42L;

  private final List<String> systemNames;
  private final String[] messages;
  private final byte[] messageSystem;

  /**
   * @param messagesBySystem messages per system, in iteration order (at most 127 systems, each with
   *     at least one message). Line breaks inside a message become spaces so that a stream written
   *     to a file has exactly one line per event.
   */
  public StreamGenerator(Map<String, List<String>> messagesBySystem) {
    if (messagesBySystem.isEmpty() || messagesBySystem.size() > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("messagesBySystem: need 1.." + Byte.MAX_VALUE + " systems, got " + messagesBySystem.size());
    }
    List<String> names = new ArrayList<>();
    List<String> all = new ArrayList<>();
    List<Byte> owner = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : messagesBySystem.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException("messagesBySystem: system " + e.getKey() + " has no messages");
      }
      byte index = (byte) names.size();
      names.add(e.getKey());
      for (String m : e.getValue()) {
        all.add(m.replace('\r', ' ').replace('\n', ' '));
        owner.add(index);
      }
    }
    this.systemNames = List.copyOf(names);
    this.messages = all.toArray(new String[0]);
    this.messageSystem = new byte[owner.size()];
    for (int i = 0; i < messageSystem.length; i++) {
      messageSystem[i] = owner.get(i);
    }
  }

  /** A generator over the Content column of the ten Loghub-2k systems under {@code dataDir}. */
  public static StreamGenerator fromLoghub2k(Path dataDir) throws IOException {
    Map<String, List<String>> bySystem = new LinkedHashMap<>();
    for (String sys : LOGHUB_2K_SYSTEMS) {
      Path csv = dataDir.resolve("loghub-2k").resolve(sys).resolve(sys + "_2k.log_structured.csv");
      if (!Files.isRegularFile(csv)) {
        throw new IllegalArgumentException("missing Loghub-2k file " + csv.toAbsolutePath().normalize()
            + " (set the data directory with --data DIR)");
      }
      bySystem.put(sys, readContentColumn(csv));
    }
    return new StreamGenerator(bySystem);
  }

  /** The Content column of a Loghub structured CSV, one entry per data row. */
  static List<String> readContentColumn(Path csv) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      CsvRecordReader reader = new CsvRecordReader(in, csv.toString());
      List<String> header = reader.next();
      int content = header == null ? -1 : header.indexOf("Content");
      if (content < 0) {
        throw new IllegalArgumentException(csv + ": no Content column in header " + header);
      }
      List<String> out = new ArrayList<>();
      for (List<String> rec = reader.next(); rec != null; rec = reader.next()) {
        if (rec.size() != header.size()) {
          throw new IllegalArgumentException(csv + ": record " + (out.size() + 1) + " has " + rec.size()
              + " fields, header has " + header.size());
        }
        out.add(rec.get(content));
      }
      return out;
    }
  }

  public List<String> systemNames() {
    return systemNames;
  }

  /** Number of distinct source messages lines are drawn from. */
  public int messageCount() {
    return messages.length;
  }

  /** Receives generated lines one at a time (for streams too large to hold in memory). */
  @FunctionalInterface
  public interface LineConsumer {
    void accept(String line, int source) throws java.io.IOException;
  }

  /** A stream of {@code lines} lines for {@code seed}; see the class comment. */
  public LogStream generate(int lines, long seed) {
    if (lines < 0) {
      throw new IllegalArgumentException("lines: must be >= 0, got " + lines);
    }
    String[] out = new String[lines];
    byte[] sources = new byte[lines];
    int[] next = {0};
    try {
      generate(lines, seed, (line, source) -> {
        out[next[0]] = line;
        sources[next[0]++] = (byte) source;
      });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // the in-memory consumer never throws
    }
    return new LogStream(out, sources, systemNames);
  }

  /** The same lines as {@link #generate(int, long)}, in order, handed to {@code out} instead of stored. */
  public void generate(long lines, long seed, LineConsumer out) throws IOException {
    if (lines < 0) {
      throw new IllegalArgumentException("lines: must be >= 0, got " + lines);
    }
    Random rnd = new Random(seed);
    for (long i = 0; i < lines; i++) {
      int m = rnd.nextInt(messages.length);
      out.accept(randomizeDigits(messages[m], rnd), messageSystem[m]);
    }
  }

  /** {@code s} with every ASCII digit replaced by a random one: digit runs keep their lengths. */
  static String randomizeDigits(String s, Random rnd) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = (char) ('0' + rnd.nextInt(10));
      }
    }
    return chars == null ? s : new String(chars);
  }

  /** Writes the stream as UTF-8, one line per event, each ended by {@code \n}. */
  public static void write(LogStream stream, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : stream.lines()) {
        w.write(line);
        w.write('\n');
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Path data = DEFAULT_DATA_DIR;
    int lines = DEFAULT_LINES;
    long seed = DEFAULT_SEED;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--lines" -> lines = Args.intValue(args, ++i, "--lines", 0, Integer.MAX_VALUE - 8);
        case "--seed" -> seed = Args.longValue(args, ++i, "--seed");
        case "--out" -> out = Path.of(Args.value(args, ++i, "--out"));
        case "-h", "--help" -> {
          System.out.println("usage: bin/bench streamgenerator [--data DIR] [--lines N] [--seed S] --out FILE");
          return;
        }
        default -> Args.fail("unknown option " + args[i]);
      }
    }
    if (out == null) {
      Args.fail("--out FILE is required");
    }
    StreamGenerator gen;
    try {
      gen = fromLoghub2k(data);
    } catch (IllegalArgumentException e) {
      Args.fail(e.getMessage());
      return;
    }
    LogStream stream = gen.generate(lines, seed);
    write(stream, out);
    System.err.printf("wrote %,d lines (%,d chars) from %,d messages of %d systems to %s%n",
        stream.size(), stream.chars(), gen.messageCount(), gen.systemNames().size(), out);
  }
}
