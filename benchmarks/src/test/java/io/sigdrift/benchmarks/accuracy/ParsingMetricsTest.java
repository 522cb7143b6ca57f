package io.sigdrift.benchmarks.accuracy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ParsingMetricsTest {

    @Test
    void perfectParseScoresOneEverywhere() {
        List<String> truth = List.of("a <*>", "a <*>", "b");
        ParsingMetrics m = ParsingMetrics.compute(List.of("g1", "g1", "g2"), truth, truth);
        assertEquals(1.0, m.ga());
        assertEquals(1.0, m.pa());
        assertEquals(1.0, m.fga());
        assertEquals(1.0, m.fta());
    }

    @Test
    void mergedGroupsFailGroupingForAllTheirLines() {
        // truth: {0,1} "a <*>", {2} "b"; predicted: all three in one group
        List<String> truth = List.of("a <*>", "a <*>", "b");
        ParsingMetrics m = ParsingMetrics.compute(List.of("g", "g", "g"), List.of("<*>", "<*>", "<*>"), truth);
        assertEquals(0.0, m.ga());
        assertEquals(0.0, m.fga());
        assertEquals(0.0, m.pa());
    }

    @Test
    void splitGroupCountsAsWrongButOtherGroupsStayRight() {
        // truth groups: A = {0,1}, B = {2,3}; predicted: {0}, {1}, {2,3}
        List<String> truth = List.of("A <*>", "A <*>", "B", "B");
        List<String> pred = List.of("p1", "p2", "p3", "p3");
        List<String> tpl = List.of("A x", "A y", "B", "B");
        ParsingMetrics m = ParsingMetrics.compute(pred, tpl, truth);
        assertEquals(0.5, m.ga(), 1e-9);
        assertEquals(0.5, m.pa(), 1e-9);
        // 1 correct group of 3 predicted and 2 truth: P = 1/3, R = 1/2, F1 = 0.4
        assertEquals(0.4, m.fga(), 1e-9);
        assertEquals(0.4, m.fta(), 1e-9);
    }

    @Test
    void templateComparisonCollapsesWhitespace() {
        assertEquals("a <*> b", ParsingMetrics.normalise("  a   <*>\tb "));
        ParsingMetrics m = ParsingMetrics.compute(List.of("g"), List.of("a  <*>"), List.of("a <*>"));
        assertEquals(1.0, m.pa());
        assertEquals(1.0, m.fta());
    }

    @Test
    void csvReaderHandlesQuotesCommasAndDoubledQuotes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "LineId,Content,EventTemplate\r\n1,\"a, b\",\"tag=\"\"<*>\"\"\"\n2,plain,x",
                StandardCharsets.UTF_8);
        List<List<String>> rows = CsvRecords.read(f);
        assertEquals(List.of("LineId", "Content", "EventTemplate"), rows.get(0));
        assertEquals(List.of("1", "a, b", "tag=\"<*>\""), rows.get(1));
        assertEquals(List.of("2", "plain", "x"), rows.get(2));
    }
}
