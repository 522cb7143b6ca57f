package io.sigdrift.benchmarks.speed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamGeneratorTest {
  private static final int LINES = 5_000;
  private static final long SEED = 7L;

  /** Synthetic messages (not Loghub lines) shaped like them: ids, counters, addresses, hex. */
  private static StreamGenerator tinyGenerator() {
    Map<String, List<String>> messages = new LinkedHashMap<>();
    messages.put("alpha", List.of(
        "Accepted password for root from 10.0.0.17 port 51234 ssh2",
        "Connection closed by 192.168.1.2 [preauth]",
        "no digits in this message at all"));
    messages.put("beta", List.of(
        "Receiving block blk_-4587012 src: /10.250.19.102:54106 dest: /10.250.19.102:50010",
        "session 0x14ede63a5a70000 closed after 3200 ms"));
    return new StreamGenerator(messages);
  }

  @Test
  void sameSeedGivesTheSameStream() {
    LogStream a = tinyGenerator().generate(LINES, SEED);
    LogStream b = tinyGenerator().generate(LINES, SEED);
    assertArrayEquals(a.lines(), b.lines());
    assertArrayEquals(a.sources(), b.sources());
  }

  @Test
  void anotherSeedGivesAnotherStream() {
    LogStream a = tinyGenerator().generate(LINES, SEED);
    LogStream b = tinyGenerator().generate(LINES, SEED + 1);
    assertNotEquals(List.of(a.lines()), List.of(b.lines()));
  }

  @Test
  void everyLineKeepsItsMessageShapeWithDigitRunsOfTheSameLength() {
    StreamGenerator gen = tinyGenerator();
    LogStream s = gen.generate(LINES, SEED);
    Set<String> shapes = new HashSet<>();
    for (String m : List.of(
        "Accepted password for root from 10.0.0.17 port 51234 ssh2",
        "Connection closed by 192.168.1.2 [preauth]",
        "no digits in this message at all",
        "Receiving block blk_-4587012 src: /10.250.19.102:54106 dest: /10.250.19.102:50010",
        "session 0x14ede63a5a70000 closed after 3200 ms")) {
      shapes.add(m.replaceAll("[0-9]", "D"));
    }
    for (String line : s.lines()) {
      assertTrue(shapes.contains(line.replaceAll("[0-9]", "D")), line);
    }
  }

  @Test
  void digitsAreReplacedSoLinesOfOneMessageDiffer() {
    LogStream s = tinyGenerator().generate(LINES, SEED);
    Set<String> fromAccepted = new HashSet<>();
    int unchangedNoDigit = 0;
    for (String line : s.lines()) {
      if (line.startsWith("Accepted password")) {
        fromAccepted.add(line);
      } else if (line.equals("no digits in this message at all")) {
        unchangedNoDigit++;
      }
    }
    // ~1000 draws of a message with 11 random digits: collisions are practically impossible.
    assertTrue(fromAccepted.size() > LINES / 10, "distinct variants: " + fromAccepted.size());
    assertTrue(unchangedNoDigit > 0, "a message without digits is kept verbatim");
  }

  @Test
  void randomizeDigitsChangesOnlyDigits() {
    String in = "a1b22 c333-4444 x";
    String out = StreamGenerator.randomizeDigits(in, new Random(1));
    assertEquals(in.length(), out.length());
    for (int i = 0; i < in.length(); i++) {
      assertEquals(Character.isDigit(in.charAt(i)), Character.isDigit(out.charAt(i)), "position " + i);
      if (!Character.isDigit(in.charAt(i))) {
        assertEquals(in.charAt(i), out.charAt(i));
      }
    }
    assertFalse(in.equals(StreamGenerator.randomizeDigits(in, new Random(2)))
        && in.equals(StreamGenerator.randomizeDigits(in, new Random(3))));
  }

  @Test
  void sourcesNameTheSystemEachLineCameFrom() {
    LogStream s = tinyGenerator().generate(LINES, SEED);
    assertEquals(List.of("alpha", "beta"), s.sourceNames());
    int beta = 0;
    for (int i = 0; i < s.size(); i++) {
      boolean isBeta = s.lines()[i].startsWith("Receiving") || s.lines()[i].startsWith("session");
      assertEquals(isBeta ? 1 : 0, s.sources()[i], s.lines()[i]);
      beta += isBeta ? 1 : 0;
    }
    // Uniform over the 5 messages: beta holds 2/5 of the lines.
    assertEquals(0.4, (double) beta / LINES, 0.03);
  }

  @Test
  void contentColumnIsReadWithQuotedCommasQuotesAndLineBreaks(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("X_2k.log_structured.csv");
    Files.writeString(csv, String.join("\n",
        "LineId,Level,Content,EventId,EventTemplate",
        "1,INFO,plain message 12,E1,plain message <*>",
        "2,INFO,\"signal handlers for [TERM, HUP, INT]\",E2,\"signal handlers for [TERM, HUP, INT]\"",
        "3,\"a,b\",\"he said \"\"hi\"\" twice\",E3,x",
        "4,INFO,\"first\nsecond\",E4,y",
        "5,INFO,,E5,"), StandardCharsets.UTF_8);
    assertEquals(List.of("plain message 12", "signal handlers for [TERM, HUP, INT]",
        "he said \"hi\" twice", "first\nsecond", ""), StreamGenerator.readContentColumn(csv));
  }

  @Test
  void malformedCsvFailsWithTheFileName(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "LineId,Content\n1,\"never closed\n", StandardCharsets.UTF_8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamGenerator.readContentColumn(csv));
    assertTrue(e.getMessage().contains("bad.csv"), e.getMessage());
  }

  @Test
  void loghubLayoutIsReadFromADataDirectory(@TempDir Path dir) throws IOException {
    for (String sys : StreamGenerator.LOGHUB_2K_SYSTEMS) {
      Path d = Files.createDirectories(dir.resolve("loghub-2k").resolve(sys));
      Files.writeString(d.resolve(sys + "_2k.log_structured.csv"),
          "LineId,Content,EventId,EventTemplate\n1,\"" + sys + " started, pid 42\",E1,x\n2,stopped,E2,y\n");
    }
    StreamGenerator gen = StreamGenerator.fromLoghub2k(dir);
    assertEquals(StreamGenerator.LOGHUB_2K_SYSTEMS, gen.systemNames());
    assertEquals(20, gen.messageCount());
    LogStream s = gen.generate(100, SEED);
    for (int i = 0; i < s.size(); i++) {
      String line = s.lines()[i];
      assertTrue(line.equals("stopped") || line.startsWith(s.sourceNames().get(s.sources()[i]) + " started, pid "), line);
    }
  }

  @Test
  void missingDataDirectoryIsAClearError(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamGenerator.fromLoghub2k(dir));
    assertTrue(e.getMessage().contains("--data"), e.getMessage());
  }

  @Test
  void writtenStreamHasOneLinePerEvent(@TempDir Path dir) throws IOException {
    Map<String, List<String>> messages = new LinkedHashMap<>();
    messages.put("s", List.of("multi\nline 1", "single 2"));
    LogStream s = new StreamGenerator(messages).generate(50, SEED);
    Path out = dir.resolve("stream.log");
    StreamGenerator.write(s, out);
    assertEquals(List.of(s.lines()), Files.readAllLines(out, StandardCharsets.UTF_8));
    assertEquals(50, Files.readAllLines(out).size());
  }
}
