package io.sigdrift.benchmarks.accuracy;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.Rule;
import io.sigdrift.signatures.Signature;
import io.sigdrift.signatures.SignatureEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing accuracy of the signature engine on the ten Loghub-2k systems (corrected ground truth).
 * Input: the Content column of {@code <Sys>/<Sys>_2k.log_structured.csv}; truth: its EventTemplate column.
 * One fresh engine per system, all with {@link EngineConfig#defaults()} — no per-dataset settings.
 * Each line's group is the signature it was assigned to when added (followed through convergence merges);
 * its template is that signature's final {@link Signature#loghubTemplate()}.
 *
 * <pre>bin/bench accuracy [--data DIR] [--errors N] [--system NAME] [--loso]</pre>
 * {@code --data} defaults to {@code ../shared/datasets} (the folder holding {@code loghub-2k/});
 * {@code --errors N} prints up to N mis-grouped / mis-parsed truth templates per system for diagnosis;
 * {@code --loso} is the leave-one-system-out report: for each system its figures next to the average of the other
 * nine, and the general {@link Rule}s that fire on that system ONLY (a rule that acts on one log type alone is
 * suspect of being fitted to it), then the firing counts of every rule per system.
 */
public final class AccuracyBenchmark {
    static final List<String> SYSTEMS = List.of("Android", "Apache", "BGL", "HDFS", "HPC", "Linux", "OpenSSH",
            "Spark", "Windows", "Zookeeper");

    private AccuracyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Paths.get("../shared/datasets");
        int errors = 0;
        String only = null;
        boolean loso = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Paths.get(value(args, ++i, "--data"));
                case "--errors" -> errors = Integer.parseInt(value(args, ++i, "--errors"));
                case "--system" -> only = value(args, ++i, "--system");
                case "--loso" -> loso = true;
                case "-h", "--help" -> {
                    System.out.println("usage: bin/bench accuracy [--data DIR] [--errors N] [--system NAME] [--loso]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Path root = Files.isDirectory(data.resolve("loghub-2k")) ? data.resolve("loghub-2k") : data;
        if (!Files.isDirectory(root)) {
            System.err.println("no Loghub-2k data under " + data.toAbsolutePath()
                    + " (expected loghub-2k/<System>/<System>_2k.log_structured.csv)");
            System.exit(1);
        }
        if (loso) {
            leaveOneSystemOut(root);
            return;
        }
        System.out.printf(Locale.ROOT, "%-10s %6s %6s %6s %6s %6s %6s %8s%n", "system", "GA", "PA", "FGA", "FTA",
                "truth", "pred", "ms");
        double[] sum = new double[4];
        int systems = 0;
        double minGa = 1;
        for (String sys : SYSTEMS) {
            if (only != null && !only.equalsIgnoreCase(sys)) {
                continue;
            }
            Path csv = root.resolve(sys).resolve(sys + "_2k.log_structured.csv");
            if (!Files.isRegularFile(csv)) {
                System.err.println("missing " + csv + " - skipped");
                continue;
            }
            Result r = evaluate(csv);
            ParsingMetrics m = r.metrics;
            System.out.printf(Locale.ROOT, "%-10s %6.3f %6.3f %6.3f %6.3f %6d %6d %8.1f%n", sys, m.ga(), m.pa(),
                    m.fga(), m.fta(), m.truthGroups(), m.predictedGroups(), r.millis);
            sum[0] += m.ga();
            sum[1] += m.pa();
            sum[2] += m.fga();
            sum[3] += m.fta();
            minGa = Math.min(minGa, m.ga());
            systems++;
            if (errors > 0) {
                printErrors(r, errors);
            }
        }
        if (systems > 0) {
            System.out.printf(Locale.ROOT, "%-10s %6.3f %6.3f %6.3f %6.3f   (min GA %.3f over %d systems)%n",
                    "average", sum[0] / systems, sum[1] / systems, sum[2] / systems, sum[3] / systems, minGa,
                    systems);
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            System.err.println(opt + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    record Result(ParsingMetrics metrics, List<String> content, List<String> truth, List<String> group,
                  List<String> template, double millis, long[] firings) {
    }

    /** The leave-one-system-out report (see the class doc). */
    private static void leaveOneSystemOut(Path root) throws IOException {
        Map<String, Result> results = new LinkedHashMap<>();
        for (String sys : SYSTEMS) {
            Path csv = root.resolve(sys).resolve(sys + "_2k.log_structured.csv");
            if (!Files.isRegularFile(csv)) {
                System.err.println("missing " + csv + " - skipped");
                continue;
            }
            results.put(sys, evaluate(csv));
        }
        System.out.println("leave-one-system-out: each system against the average of the other systems;"
                + " 'only here' = rules that fire on this system and no other (suspect of fitting it)");
        System.out.printf(Locale.ROOT, "%-10s %6s %6s %6s %6s | %6s %6s %6s %6s  (others)  only here%n",
                "system", "GA", "PA", "FGA", "FTA", "GA", "PA", "FGA", "FTA");
        for (Map.Entry<String, Result> e : results.entrySet()) {
            ParsingMetrics m = e.getValue().metrics;
            double[] others = new double[4];
            int n = 0;
            for (Map.Entry<String, Result> o : results.entrySet()) {
                if (!o.getKey().equals(e.getKey())) {
                    ParsingMetrics om = o.getValue().metrics;
                    others[0] += om.ga();
                    others[1] += om.pa();
                    others[2] += om.fga();
                    others[3] += om.fta();
                    n++;
                }
            }
            StringBuilder only = new StringBuilder();
            for (Rule r : Rule.values()) {
                long here = e.getValue().firings[r.ordinal()];
                boolean elsewhere = false;
                for (Map.Entry<String, Result> o : results.entrySet()) {
                    if (!o.getKey().equals(e.getKey()) && o.getValue().firings[r.ordinal()] > 0) {
                        elsewhere = true;
                    }
                }
                if (here > 0 && !elsewhere) {
                    only.append(only.length() == 0 ? "" : ", ").append(r).append('(').append(here).append(')');
                }
            }
            int d = Math.max(1, n);
            System.out.printf(Locale.ROOT, "%-10s %6.3f %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f %6.3f            %s%n",
                    e.getKey(), m.ga(), m.pa(), m.fga(), m.fta(), others[0] / d, others[1] / d, others[2] / d,
                    others[3] / d, only.length() == 0 ? "-" : only);
        }
        System.out.println();
        printFirings(results, "system", "systems");
    }

    /**
     * The table of rule firings per system (or per generated family), with the number of columns each rule fired
     * in: a rule that fires in one column alone is suspect of being fitted to it.
     */
    static void printFirings(Map<String, Result> results, String what, String whats) {
        System.out.println("rule firings per " + what
                + " (masking rules per masked event, clustering rules per decision):");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-18s", "rule"));
        for (String sys : results.keySet()) {
            head.append(String.format(Locale.ROOT, " %9s", sys.length() > 9 ? sys.substring(0, 9) : sys));
        }
        System.out.println(head.append(String.format(Locale.ROOT, "  %7s", whats)));
        for (Rule r : Rule.values()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-18s", r));
            int systems = 0;
            for (Result res : results.values()) {
                long f = res.firings[r.ordinal()];
                row.append(String.format(Locale.ROOT, " %9d", f));
                if (f > 0) {
                    systems++;
                }
            }
            System.out.println(row.append(String.format(Locale.ROOT, "  %7d", systems)));
        }
    }

    static Result evaluate(Path csv) throws IOException {
        List<List<String>> rows = CsvRecords.read(csv);
        List<String> header = rows.get(0);
        int contentCol = header.indexOf("Content");
        int templateCol = header.indexOf("EventTemplate");
        if (contentCol < 0 || templateCol < 0) {
            throw new IOException(csv + ": no Content/EventTemplate column in header " + header);
        }
        List<String> content = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() <= Math.max(contentCol, templateCol)) {
                throw new IOException(csv + ": row " + i + " has " + row.size() + " fields");
            }
            content.add(row.get(contentCol));
            truth.add(row.get(templateCol));
        }
        return evaluate(content, truth);
    }

    /** Scores the default engine on these lines against their truth templates (the scoring every report uses). */
    static Result evaluate(List<String> content, List<String> truth) {
        long t0 = System.nanoTime();
        SignatureEngine engine = new SignatureEngine(EngineConfig.defaults());
        List<Signature> assigned = new ArrayList<>(content.size());
        for (String line : content) {
            assigned.add(engine.add(line).signature());
        }
        List<String> group = new ArrayList<>(content.size());
        List<String> template = new ArrayList<>(content.size());
        for (Signature s : assigned) {
            Signature live = engine.resolve(s);
            Signature g = live == null ? s : live;
            group.add(g.id());
            template.add(g.loghubTemplate());
        }
        double millis = (System.nanoTime() - t0) / 1e6;
        return new Result(ParsingMetrics.compute(group, template, truth), content, truth, group, template, millis,
                engine.ruleFirings());
    }

    /** For diagnosis: truth templates whose lines were split or merged wrongly, or parsed to another template. */
    static void printErrors(Result r, int max) {
        Map<String, Map<String, Integer>> truthToPred = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> predToTruth = new LinkedHashMap<>();
        Map<String, String> predTemplate = new LinkedHashMap<>();
        for (int i = 0; i < r.truth.size(); i++) {
            truthToPred.computeIfAbsent(r.truth.get(i), k -> new LinkedHashMap<>()).merge(r.group.get(i), 1,
                    Integer::sum);
            predToTruth.computeIfAbsent(r.group.get(i), k -> new LinkedHashMap<>()).merge(r.truth.get(i), 1,
                    Integer::sum);
            predTemplate.put(r.group.get(i), r.template.get(i));
        }
        int shown = 0;
        for (Map.Entry<String, Map<String, Integer>> e : truthToPred.entrySet()) {
            String t = e.getKey();
            Map<String, Integer> preds = e.getValue();
            boolean split = preds.size() > 1;
            boolean merged = preds.keySet().stream().anyMatch(p -> predToTruth.get(p).size() > 1);
            boolean badTemplate = preds.keySet().stream().anyMatch(p -> !ParsingMetrics.normalise(
                    predTemplate.get(p)).equals(ParsingMetrics.normalise(t)));
            if (!split && !merged && !badTemplate) {
                continue;
            }
            if (shown++ >= max) {
                break;
            }
            int total = preds.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("  TRUTH (%d)%s%s%s: %s%n", total, split ? " SPLIT" : "", merged ? " MERGED" : "",
                    badTemplate ? " TEMPLATE" : "", t);
            int k = 0;
            for (Map.Entry<String, Integer> p : preds.entrySet()) {
                if (k++ >= 4) {
                    System.out.println("     ...");
                    break;
                }
                System.out.printf("     %4d -> %s   [holds %d truths]%n", p.getValue(), predTemplate.get(p.getKey()),
                        predToTruth.get(p.getKey()).size());
            }
        }
    }
}
