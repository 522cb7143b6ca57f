package io.sigdrift.benchmarks.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The NAB corpus as laid out in numenta/NAB: data/&lt;group&gt;/*.csv, labels/combined_windows.json, config/profiles.json. */
public final class NabCorpus {

    /** One data file: timestamps (epoch millis, UTC), values, and its label windows as row index ranges. */
    public record Series(String name, long[] timestamps, double[] values, List<int[]> windows) {
        public int size() {
            return values.length;
        }
    }

    /** A NAB cost matrix. */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    public final List<Series> series;
    public final List<Profile> profiles;

    private NabCorpus(List<Series> series, List<Profile> profiles) {
        this.series = series;
        this.profiles = profiles;
    }

    public static NabCorpus load(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode windows = json.readTree(dir.resolve("labels/combined_windows.json").toFile());
        List<Series> out = new ArrayList<>();
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = windows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            out.add(readSeries(dir.resolve("data").resolve(e.getKey()), e.getKey(), e.getValue()));
        }
        List<Profile> profiles = new ArrayList<>();
        JsonNode p = json.readTree(dir.resolve("config/profiles.json").toFile());
        for (String name : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
            JsonNode cm = p.get(name).get("CostMatrix");
            profiles.add(new Profile(name, cm.get("tpWeight").asDouble(), cm.get("fpWeight").asDouble(),
                    cm.get("fnWeight").asDouble()));
        }
        return new NabCorpus(out, profiles);
    }

    static long parse(String ts) {
        return LocalDateTime.parse(ts.trim(), TS).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Series readSeries(Path file, String name, JsonNode windowList) throws IOException {
        List<long[]> rows = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                int c = line.indexOf(',');
                rows.add(new long[] {parse(line.substring(0, c))});
                vals.add(Double.parseDouble(line.substring(c + 1)));
            }
        }
        long[] ts = new long[rows.size()];
        double[] v = new double[rows.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = rows.get(i)[0];
            v[i] = vals.get(i);
        }
        List<int[]> windows = new ArrayList<>();
        for (JsonNode w : windowList) {
            long start = parse(w.get(0).asText());
            long end = parse(w.get(1).asText());
            int first = -1, last = -1;
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] >= start && ts[i] <= end) {
                    if (first < 0) first = i;
                    last = i;
                }
            }
            if (first >= 0) windows.add(new int[] {first, last});
        }
        return new Series(name, ts, v, windows);
    }
}
