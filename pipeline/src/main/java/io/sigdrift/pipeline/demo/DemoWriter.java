package io.sigdrift.pipeline.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes generated lines as one log file per source, {@code dir/<source>.log}, in the order they come. */
final class DemoWriter {
    private DemoWriter() {}

    /** Returns the number of lines written. */
    static long write(Iterable<DemoGenerator.Line> lines, List<String> sources, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        long n = 0;
        try {
            for (String s : sources) {
                writers.put(s, Files.newBufferedWriter(dir.resolve(s + ".log"), StandardCharsets.UTF_8));
            }
            for (DemoGenerator.Line l : lines) {
                BufferedWriter w = writers.get(l.source());
                w.write(l.text());
                w.write('\n');
                n++;
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return n;
    }
}
