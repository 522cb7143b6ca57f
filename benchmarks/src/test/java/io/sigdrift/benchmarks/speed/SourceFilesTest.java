package io.sigdrift.benchmarks.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {
  private static final long LINES = 2_000;
  private static final int SOURCES = 6;
  private static final long SPAN_MILLIS = 3_600_000;

  private static StreamGenerator twoSystems() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("web", List.of("GET /index.html 200 1234", "GET /missing 404 0"));
    m.put("db", List.of("checkpoint complete: wrote 17 buffers", "connection received: host=10.0.0.7"));
    return new StreamGenerator(m);
  }

  @Test
  void isoTimestampsAreParseableAndExact() {
    StringBuilder sb = new StringBuilder();
    SourceFiles.appendIso(sb, 0);
    assertEquals("2026-01-01T00:00:00.000Z", sb.toString());
    assertEquals(SourceFiles.BASE_MILLIS, Instant.parse(sb).toEpochMilli());
    long offset = 23 * 3_600_000L + 59 * 60_000L + 58_000L + 7;
    sb.setLength(0);
    SourceFiles.appendIso(sb, offset);
    assertEquals("2026-01-01T23:59:58.007Z", sb.toString());
    assertEquals(SourceFiles.BASE_MILLIS + offset, Instant.parse(sb).toEpochMilli());
  }

  @Test
  void everyLineLandsInAFileOfItsSystemWithRisingTimes(@TempDir Path dir) throws IOException {
    SourceFiles.Written w = SourceFiles.write(twoSystems(), dir, LINES, SOURCES, 3L, SPAN_MILLIS);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    assertEquals(SOURCES, files.size());
    long total = 0;
    for (Path f : files) {
      boolean web = f.getFileName().toString().endsWith("-web.log");
      long previous = Long.MIN_VALUE;
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      assertTrue(lines.size() > 0, f + " is empty");
      for (String line : lines) {
        long t = Instant.parse(line.substring(0, 24)).toEpochMilli();
        assertTrue(t >= previous, "time goes back in " + f);
        assertTrue(t >= SourceFiles.BASE_MILLIS && t <= SourceFiles.BASE_MILLIS + SPAN_MILLIS, line);
        previous = t;
        String message = line.substring(25);
        assertEquals(web, message.startsWith("GET "), f + ": " + line);
      }
      total += lines.size();
    }
    assertEquals(LINES, total);
    assertEquals(LINES, w.lines());
  }

  @Test
  void fewerSourcesThanSystemsIsRejected(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> SourceFiles.write(twoSystems(), dir, LINES, 1, 3L, SPAN_MILLIS));
  }

  @Test
  void streamingGenerationEqualsTheInMemoryStream() throws IOException {
    StreamGenerator gen = twoSystems();
    LogStream s = gen.generate(500, 11L);
    List<String> streamed = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    gen.generate(500L, 11L, (line, source) -> {
      streamed.add(line);
      sources.add(source);
    });
    assertEquals(List.of(s.lines()), streamed);
    for (int i = 0; i < s.size(); i++) {
      assertEquals(s.sources()[i], (int) sources.get(i));
    }
  }
}
