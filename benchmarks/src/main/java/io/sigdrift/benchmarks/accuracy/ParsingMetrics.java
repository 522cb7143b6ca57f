package io.sigdrift.benchmarks.accuracy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log-parsing accuracy metrics over one dataset.
 * <ul>
 *   <li>GA (grouping accuracy, Zhu et al. ICSE 2019): share of lines whose predicted group has exactly the
 *       same line set as their truth group.</li>
 *   <li>PA (parsing accuracy): share of lines whose predicted template equals the truth template, after every
 *       mask is rendered {@code <*>} and whitespace runs collapse to one space.</li>
 *   <li>FGA (Jiang et al. ISSTA 2024): F1 of group precision (correct predicted groups / predicted groups) and
 *       recall (correct predicted groups / truth groups), a predicted group being correct iff its line set
 *       equals a truth group's.</li>
 *   <li>FTA (same paper): like FGA, but a predicted group counts only if its line set matches a truth group
 *       AND its template equals that truth group's template.</li>
 * </ul>
 */
public record ParsingMetrics(double ga, double pa, double fga, double fta, int truthGroups, int predictedGroups) {

    /**
     * @param predictedGroup   group key per line (e.g. signature id)
     * @param predictedTemplate template (Loghub notation) per line
     * @param truthTemplate     ground-truth template per line (the truth group key)
     */
    public static ParsingMetrics compute(List<String> predictedGroup, List<String> predictedTemplate,
                                         List<String> truthTemplate) {
        int n = truthTemplate.size();
        if (predictedGroup.size() != n || predictedTemplate.size() != n) {
            throw new IllegalArgumentException("list sizes differ");
        }
        Map<String, Integer> truthSize = new HashMap<>();
        for (String t : truthTemplate) {
            truthSize.merge(t, 1, Integer::sum);
        }
        // per predicted group: size, the single truth label if all lines share it (else null)
        Map<String, int[]> predSize = new HashMap<>();
        Map<String, String> predTruth = new HashMap<>();
        Map<String, Boolean> predPure = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String g = predictedGroup.get(i);
            predSize.computeIfAbsent(g, k -> new int[1])[0]++;
            String t = truthTemplate.get(i);
            String prev = predTruth.putIfAbsent(g, t);
            if (prev == null) {
                predPure.put(g, true);
            } else if (!prev.equals(t)) {
                predPure.put(g, false);
            }
        }
        int correctLines = 0;
        int parsedLines = 0;
        for (int i = 0; i < n; i++) {
            String g = predictedGroup.get(i);
            if (groupCorrect(g, predSize, predTruth, predPure, truthSize)) {
                correctLines++;
            }
            if (normalise(predictedTemplate.get(i)).equals(normalise(truthTemplate.get(i)))) {
                parsedLines++;
            }
        }
        int correctGroups = 0;
        int correctTemplates = 0;
        Map<String, String> groupTemplate = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groupTemplate.putIfAbsent(predictedGroup.get(i), predictedTemplate.get(i));
        }
        for (String g : predSize.keySet()) {
            if (groupCorrect(g, predSize, predTruth, predPure, truthSize)) {
                correctGroups++;
                if (normalise(groupTemplate.get(g)).equals(normalise(predTruth.get(g)))) {
                    correctTemplates++;
                }
            }
        }
        double ga = n == 0 ? 0 : (double) correctLines / n;
        double pa = n == 0 ? 0 : (double) parsedLines / n;
        return new ParsingMetrics(ga, pa, f1(correctGroups, predSize.size(), truthSize.size()),
                f1(correctTemplates, predSize.size(), truthSize.size()), truthSize.size(), predSize.size());
    }

    private static boolean groupCorrect(String g, Map<String, int[]> predSize, Map<String, String> predTruth,
                                        Map<String, Boolean> predPure, Map<String, Integer> truthSize) {
        return predPure.get(g) && predSize.get(g)[0] == truthSize.get(predTruth.get(g));
    }

    private static double f1(int correct, int predicted, int truth) {
        if (correct == 0) {
            return 0;
        }
        double p = (double) correct / predicted;
        double r = (double) correct / truth;
        return 2 * p * r / (p + r);
    }

    /** Collapses whitespace runs to one space and trims. */
    public static String normalise(String template) {
        StringBuilder sb = new StringBuilder(template.length());
        boolean space = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
