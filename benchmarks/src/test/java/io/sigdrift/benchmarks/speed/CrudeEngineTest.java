package io.sigdrift.benchmarks.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CrudeEngineTest {
  @Test
  void linesDifferingOnlyInDigitTokensShareOneKey() {
    CrudeEngine e = new CrudeEngine();
    long k1 = e.add("connected to 10.0.0.1 port 22 as user bob");
    long k2 = e.add("connected to 192.168.77.3 port 51234 as user bob");
    long k3 = e.add("connected to x9 port 0 as user bob");
    assertEquals(k1, k2);
    assertEquals(k1, k3);
    assertEquals(1, e.size());
    assertEquals(3, e.count(k1));
  }

  @Test
  void tokensWithoutDigitsKeepLinesApart() {
    CrudeEngine e = new CrudeEngine();
    long alice = e.add("connected as user alice 7");
    long bob = e.add("connected as user bob 7");
    e.add("connected as user bob 8");
    assertNotEquals(alice, bob);
    assertEquals(2, e.size());
    assertEquals(1, e.count(alice));
    assertEquals(2, e.count(bob));
  }

  @Test
  void tokenBoundariesMatterButWhitespaceRunsDoNot() {
    assertNotEquals(CrudeEngine.key("ab c"), CrudeEngine.key("a bc"));
    assertNotEquals(CrudeEngine.key("a b"), CrudeEngine.key("ab"));
    assertNotEquals(CrudeEngine.key("a 1"), CrudeEngine.key("a 1 2"));
    assertEquals(CrudeEngine.key("a  b\tc "), CrudeEngine.key(" a b c"));
  }

  @Test
  void countsOverAGeneratedStreamAddUpToItsLength() {
    java.util.Map<String, java.util.List<String>> m = new java.util.LinkedHashMap<>();
    m.put("s", java.util.List.of("job 12 done in 30 ms", "job 7 failed: disk full", "idle"));
    LogStream s = new StreamGenerator(m).generate(3_000, 1L);
    CrudeEngine e = new CrudeEngine();
    java.util.Map<Long, Long> expected = new java.util.HashMap<>();
    for (String line : s.lines()) {
      expected.merge(e.add(line), 1L, Long::sum);
    }
    // Three message shapes, digits masked: exactly three keys whose counts sum to the stream length.
    assertEquals(3, e.size());
    long total = 0;
    for (var entry : expected.entrySet()) {
      assertEquals((long) entry.getValue(), e.count(entry.getKey()));
      total += e.count(entry.getKey());
    }
    assertEquals(3_000, total);
    assertEquals(0, e.count(CrudeEngine.key("never seen")));
  }

  @Test
  void unseenKeyCountsZero() {
    assertEquals(0, new CrudeEngine().count(123L));
  }
}
