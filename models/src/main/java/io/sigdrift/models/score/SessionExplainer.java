package io.sigdrift.models.score;

import io.sigdrift.models.detect.FeatureSpace;
import io.sigdrift.models.detect.InvariantMiningDetector;
import io.sigdrift.models.detect.SessionDetector;
import io.sigdrift.models.session.SessionSample;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Says what is unusual about an anomalous session, in terms an analyst can check against the log: signatures the
 * model never saw in training ("unexpected"), signatures that should not be there (a zero invariant broken) and steps
 * missing or repeated (a count ratio broken, e.g. 2 "Receiving block" but 3 "PacketResponder terminating"). Any
 * detector gets the unseen signatures; invariant mining also its broken invariants (other models have no per-feature
 * reason to report). Pure; bounded output (at most {@value #MAX_ITEMS} items named).
 */
public final class SessionExplainer {
    static final int MAX_ITEMS = 4;
    private static final int MAX_TEMPLATE_CHARS = 120;

    private SessionExplainer() {}

    /** The result: the key that stands out most (or null) and the keys named, most unusual first. */
    public record Explanation(String unusualKey, List<String> unusualKeys, String text) {
    }

    /**
     * @param templates signature key → template, null when unknown
     */
    public static Explanation explain(String entity, SessionSample s, SessionDetector model, double score,
                                      Function<String, String> templates) {
        FeatureSpace fs = model.features();
        List<String> items = new ArrayList<>();
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < s.distinctKeys(); i++) {
            if (fs.column(s.key(i)) < 0 && items.size() < MAX_ITEMS) {
                keys.add(s.key(i));
                items.add("unexpected " + name(s.key(i), templates) + " x" + s.count(i) + " (never seen in training)");
            }
        }
        if (model instanceof InvariantMiningDetector inv) {
            for (InvariantMiningDetector.Violation v : inv.violations(s)) {
                if (items.size() >= MAX_ITEMS) {
                    break;
                }
                if (v.isZeroInvariant()) {
                    if (v.left().equals("<unseen>")) {
                        continue;   // named above, signature by signature
                    }
                    keys.add(v.left());
                    items.add("unexpected " + name(v.left(), templates) + " x" + v.leftCount()
                            + " (absent from almost every training session)");
                } else {
                    String shortSide = v.shortSide();
                    String other = shortSide.equals(v.left()) ? v.right() : v.left();
                    int have = shortSide.equals(v.left()) ? v.leftCount() : v.rightCount();
                    int otherCount = shortSide.equals(v.left()) ? v.rightCount() : v.leftCount();
                    keys.add(shortSide);
                    items.add(String.format(Locale.ROOT, "%s %s x%d where %s x%d implies %s (%d*#%s == %d*#%s in training)",
                            have == 0 ? "missing" : "too few", name(shortSide, templates), have,
                            name(other, templates), otherCount,
                            expected(v, shortSide), v.a(), v.left(), v.b(), v.right()));
                }
            }
        }
        String head = String.format(Locale.ROOT, "session of %s (%d events, %d signatures) scored %.3g > %.3g (%s)",
                entity, s.events(), s.distinctKeys(), score, model.threshold(), model.kind());
        String text = items.isEmpty() ? head + ": its mix of signatures is unlike the training sessions"
                : head + ": " + String.join("; ", items);
        return new Explanation(keys.isEmpty() ? null : keys.iterator().next(), new ArrayList<>(keys), text);
    }

    private static String expected(InvariantMiningDetector.Violation v, String shortSide) {
        // a*L == b*R: the short side's expected count follows from the other side's
        double e = shortSide.equals(v.left()) ? (double) v.b() * v.rightCount() / v.a()
                : (double) v.a() * v.leftCount() / v.b();
        return e == Math.rint(e) ? String.valueOf((long) e) : String.format(Locale.ROOT, "%.1f", e);
    }

    private static String name(String key, Function<String, String> templates) {
        String t = templates.apply(key);
        if (t == null) {
            return "signature " + key;
        }
        if (t.length() > MAX_TEMPLATE_CHARS) {
            t = t.substring(0, MAX_TEMPLATE_CHARS) + "...";
        }
        return "'" + t + "' (" + key + ")";
    }
}
