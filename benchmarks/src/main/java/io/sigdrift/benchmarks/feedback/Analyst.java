package io.sigdrift.benchmarks.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated analyst: reads the new alerts of the running job, and labels those of the first
 * {@link #OCCURRENCES_PER_KIND} occurrences of each benign behaviour that alerted (it knows the ground truth, as an
 * analyst knows the backup schedule), at most {@link #MAX_PER_OCCURRENCE} alerts per occurrence and
 * {@link #MAX_LABELS} labels in all. A scanner is a FALSE_POSITIVE (nothing happened), the planned work (backup,
 * batch, deploy, certificate renewal) is EXPECTED. Scope VALUES when the alert's attribution names the behaviour's
 * cause value (the scanner's address, the batch job's name), else SIGNATURE: without the attribution the analyst
 * cannot say which values drove the alert. Background alerts are left alone.
 *
 * <p>It also confirms the first {@link #MAX_TRUE_POSITIVES} incidents it recognises (one alert each, the first CREATED
 * one) as TRUE_POSITIVE, as analysts confirm real alerts when they act on them; the learned suppression scorer needs
 * both kinds of verdict. Scope as for the benign ones (VALUES when the attribution names the incident's cause value).
 *
 * <p>For evaluation 2 it also <b>dismisses noise</b>: the first {@link #MAX_NOISE} CREATED alerts it sees that match no
 * truth (nothing happened) get a FALSE_POSITIVE label in SIGNATURE scope, as analysts close noise alerts when triaging;
 * these labels carry no truth ({@link Label#truth()} null) and are neither "benign behaviour" labels
 * ({@link #benign}) nor true positives.
 */
final class Analyst {
    static final int OCCURRENCES_PER_KIND = 2;
    static final int MAX_PER_OCCURRENCE = 3;
    static final int MAX_LABELS = 20;
    /** Incidents confirmed TRUE_POSITIVE (on top of {@link #MAX_LABELS}); 0 = the analyst of evaluation 1. */
    static final int MAX_TRUE_POSITIVES = 6;
    /** Background alerts dismissed FALSE_POSITIVE (on top of the others); 0 = the analyst of evaluation 1. */
    static final int MAX_NOISE = 6;
    static final String AUTHOR = "fbbench-analyst";

    /** A label the analyst gave, and what it was about ({@code truth} null: a dismissed background alert). */
    record Label(String labelId, Alert alert, Truth truth, String kind, String scope, List<Alert.Value> values, long time) {}

    private final TruthMatcher matcher;
    private final String idPrefix;
    private final List<Label> labels = new ArrayList<>();
    /** benign kind → occurrences (truth ids) the analyst started labelling, in order */
    private final Map<String, List<Integer>> labelledOccurrences = new HashMap<>();
    private final Map<Integer, Set<String>> labelledSubjects = new HashMap<>();
    private final int maxTruePositives;
    private final int maxNoise;
    private final Set<Integer> confirmed = new HashSet<>();
    private final Set<String> dismissedSubjects = new HashSet<>();
    private int benignLabels;
    private int noiseLabels;

    Analyst(TruthMatcher matcher, String idPrefix) {
        this(matcher, idPrefix, 0, 0);
    }

    Analyst(TruthMatcher matcher, String idPrefix, int maxTruePositives, int maxNoise) {
        this.matcher = matcher;
        this.idPrefix = idPrefix;
        this.maxTruePositives = maxTruePositives;
        this.maxNoise = maxNoise;
    }

    /**
     * Reviews alerts (in window order) at event time {@code now}; returns the new labels.
     */
    List<Label> review(List<Alert> alerts, long now) {
        List<Label> out = new ArrayList<>();
        for (Alert a : alerts) {
            if (!a.created()) {
                continue;
            }
            Truth t = matcher.match(a);
            if (t == null) {
                // one label per signature: a second alert of a dismissed signature is the scoped label's business
                if (noiseLabels < maxNoise && dismissedSubjects.add(a.source() + "/" + a.subject())) {
                    noiseLabels++;
                    Label l = new Label(idPrefix + (labels.size() + 1), a, null, "FALSE_POSITIVE", "SIGNATURE", List.of(), now);
                    labels.add(l);
                    out.add(l);
                }
                continue;
            }
            if (!t.benign()) {
                if (confirmed.size() < maxTruePositives && confirmed.add(t.id())) {
                    List<Alert.Value> values = causeValues(a, t);
                    Label l = new Label(idPrefix + (labels.size() + 1), a, t, "TRUE_POSITIVE", values.isEmpty() ? "SIGNATURE" : "VALUES",
                            values, now);
                    labels.add(l);
                    out.add(l);
                }
                continue;
            }
            if (benignLabels >= MAX_LABELS) {
                continue;
            }
            List<Integer> occ = labelledOccurrences.computeIfAbsent(t.kind(), k -> new ArrayList<>());
            if (!occ.contains(t.id())) {
                if (occ.size() >= OCCURRENCES_PER_KIND) {
                    continue;
                }
                occ.add(t.id());
            }
            Set<String> subjects = labelledSubjects.computeIfAbsent(t.id(), k -> new HashSet<>());
            if (subjects.size() >= MAX_PER_OCCURRENCE || !subjects.add(a.subject())) {
                continue;
            }
            List<Alert.Value> values = causeValues(a, t);
            benignLabels++;
            Label l = new Label(idPrefix + (labels.size() + 1), a, t, t.kind().equals("SCANNER") ? "FALSE_POSITIVE" : "EXPECTED",
                    values.isEmpty() ? "SIGNATURE" : "VALUES", List.copyOf(values), now);
            labels.add(l);
            out.add(l);
        }
        return out;
    }

    private static List<Alert.Value> causeValues(Alert a, Truth t) {
        if (t.cause() != null) {
            for (Alert.Value v : a.attribution()) {
                if (v.value().equals(t.cause())) {
                    return List.of(v);
                }
            }
        }
        return List.of();
    }

    List<Label> labels() {
        return labels;
    }

    /** The FALSE_POSITIVE / EXPECTED labels about benign behaviour (not the dismissed noise). */
    static List<Label> benign(List<Label> labels) {
        return labels.stream().filter(l -> l.truth() != null && !l.kind().equals("TRUE_POSITIVE")).toList();
    }

    /** The dismissed background alerts. */
    static List<Label> noise(List<Label> labels) {
        return labels.stream().filter(l -> l.truth() == null).toList();
    }

    /**
     * Per benign kind, the end of the last occurrence the analyst labelled: the occurrences that start after it are the
     * "later" ones whose alerts the labels should have removed.
     */
    static Map<String, Long> laterFrom(List<Label> labels) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Label l : labels) {
            out.merge(l.truth().kind(), l.truth().end(), Math::max);
        }
        return out;
    }

    /** The label as one line of the feedback stream (the contract's label record). */
    static String json(Label l, ObjectMapper mapper) {
        Alert a = l.alert();
        ObjectNode n = mapper.createObjectNode();
        n.put("v", 1);
        n.put("type", "label");
        n.put("label_id", l.labelId());
        n.put("anomaly_id", a.id());
        n.put("kind", l.kind());
        n.put("scope", l.scope());
        n.put("source", a.source());
        if (a.signature() == null) {
            n.putNull("signature");
        } else {
            n.put("signature", a.signature());
        }
        n.put("anomaly_kind", a.kind());
        n.put("direction", a.direction());
        ArrayNode values = n.putArray("values");
        for (Alert.Value v : l.values()) {
            values.addObject().put("position", v.position()).put("type", v.type()).put("value", v.value());
        }
        number(n, "observed", a.observed());
        number(n, "expected", a.expected());
        number(n, "score", a.score());
        n.put("window_start", Instant.ofEpochMilli(a.windowStart()).toString());
        n.put("time", Instant.ofEpochMilli(l.time()).toString());
        n.putNull("expires");
        n.put("author", AUTHOR);
        n.put("note", l.truth() == null ? "noise: nothing happened"
                : l.truth().kind().toLowerCase(java.util.Locale.ROOT) + ": " + l.truth().description());
        try {
            return mapper.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }
}
