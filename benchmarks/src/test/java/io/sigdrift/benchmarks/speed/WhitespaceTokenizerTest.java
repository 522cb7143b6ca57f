package io.sigdrift.benchmarks.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WhitespaceTokenizerTest {
  @Test
  void tokensAreTheWhitespaceSeparatedRuns() {
    WhitespaceTokenizer t = new WhitespaceTokenizer();
    String line = "  open  /tmp/x\tmode=r ";
    assertEquals(3, t.tokenize(line));
    assertEquals("open", line.substring(t.start(0), t.end(0)));
    assertEquals("/tmp/x", line.substring(t.start(1), t.end(1)));
    assertEquals("mode=r", line.substring(t.start(2), t.end(2)));
  }

  @Test
  void emptyAndBlankLinesHaveNoTokens() {
    WhitespaceTokenizer t = new WhitespaceTokenizer();
    assertEquals(0, t.tokenize(""));
    assertEquals(0, t.tokenize(" \t "));
  }

  @Test
  void manyTokensGrowTheBoundsArray() {
    WhitespaceTokenizer t = new WhitespaceTokenizer();
    String line = "x ".repeat(500);
    assertEquals(500, t.tokenize(line));
    assertEquals(998, t.start(499));
  }
}
