package io.sigdrift.baselines.attribution;

import io.sigdrift.baselines.AnomalyEvent;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.Attribution;
import io.sigdrift.baselines.EventChange;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What changed inside an anomalous window of one source: for each tracked signature a {@link ValueBaseline}; for
 * the window being closed, each counted signature's shipped top values ({@link #pending}). After the detectors ran,
 * {@link #attribute} names the values over-represented in the window against the signature's baseline, then
 * {@link #learn} folds the window into the baselines. Owned by {@code SourceDetector}, which keeps it in step with
 * its tracked signatures (renames, evictions).
 *
 * <p><b>Significance.</b> Each shipped value of the anomalous signature's window is tested against its baseline
 * share with the one-sided G-test ({@link Significance}); a value is reported when its p, multiplied by the
 * number of values tested for that event (<b>Bonferroni</b> correction: simple, and conservative when the tests
 * are positively dependent, as shares of one window are), is below {@link #ALPHA} = 0.02 (the threshold Elastic's
 * log rate analysis uses), and when the change is large enough to matter to a reader: a share at least
 * {@link #MIN_LIFT} times the baseline's and {@link #MIN_SHARE_RISE} above it (with thousands of lines a
 * 10 % → 11 % drift is "significant" but explains nothing). A value the baseline does not hold is tested with the
 * largest count it may have had ({@link ValueBaseline#unheldCountBound}), so its significance is a lower bound;
 * the window count used is the sketch's guaranteed count.
 *
 * <p><b>NEW</b> signatures have no baseline: their dominant values are reported (guaranteed share ≥
 * {@link #DOMINANT_SHARE}), with baseline share 0 and probability NaN (no test).
 *
 * <p>At most {@link #MAX_ATTRIBUTIONS} per event, most significant (largest G) first.
 *
 * <p><b>Bounds:</b> baselines ≤ the source's tracked signatures (the caller creates one only for a tracked
 * signature and drops it with the signature), each ≤ {@link ValueBaseline#MAX_HEAP_BYTES}; pending ≤ the
 * signatures of one window.
 */
public final class Attributor {
    public static final double ALPHA = 0.02;
    public static final double MIN_LIFT = 1.5;
    public static final double MIN_SHARE_RISE = 0.05;
    public static final double DOMINANT_SHARE = 0.2;
    public static final int MAX_ATTRIBUTIONS = 5;

    private final Object2ObjectLinkedOpenHashMap<String, ValueBaseline> baselines = new Object2ObjectLinkedOpenHashMap<>();
    private final Object2ObjectOpenHashMap<String, Window> pending = new Object2ObjectOpenHashMap<>();

    /** One signature's part of the window being closed. */
    private static final class Window {
        long occurrences;
        final List<WindowValue> values = new ArrayList<>();
    }

    /** A signature's count (and shipped values, may be empty) in the window being closed. */
    public void pending(String id, long occurrences, List<WindowValue> values) {
        Window w = pending.get(id);
        if (w == null) {
            w = new Window();
            pending.put(id, w);
        }
        w.occurrences += occurrences;
        if (values != null) {
            w.values.addAll(values);
        }
    }

    /** The attribution of a signature event (SPIKE, NEW, RARE, SHIFT; empty for others and CLOSED changes). */
    public List<Attribution> attribute(AnomalyEvent e) {
        if (e.signatureId() == null || e.change() == EventChange.CLOSED || e.kind() == AnomalyKind.DROP
                || e.kind() == AnomalyKind.VOLUME) {
            return List.of();
        }
        Window w = pending.get(e.signatureId());
        if (w == null || w.values.isEmpty() || w.occurrences <= 0) {
            return List.of();
        }
        ValueBaseline b = baselines.get(e.signatureId());
        if (e.kind() == AnomalyKind.NEW || b == null) {
            // No value baseline for a known signature means no value of it ever recurred enough to be shipped
            // (every value was unique or near-unique per window, as source ports or request ids are): a value that
            // now holds a large share of the window is new in that role, so it is reported as NEW's are.
            return dominant(w);
        }
        return overRepresented(w, b);
    }

    /**
     * Timestamps inside the message say when, not what: during any burst a second's timestamp repeats in many
     * lines and would look over-represented against a history where each second is rare. Convention: a value
     * masked as a time (ISO, syslog, CLF dates) is the event's time, never its cause.
     */
    static boolean attributable(WindowValue v) {
        return !TIME_LABEL.equals(v.type());
    }

    private static final String TIME_LABEL = "TIME";

    private static List<Attribution> dominant(Window w) {
        List<Attribution> out = new ArrayList<>();
        for (WindowValue v : w.values) {
            if (!attributable(v)) {
                continue;
            }
            double share = (double) v.guaranteed() / w.occurrences;
            if (share >= DOMINANT_SHARE) {
                out.add(new Attribution(v.position(), v.type(), v.value(), v.guaranteed(), share, 0.0, Double.NaN));
            }
        }
        out.sort(Comparator.comparingDouble(Attribution::windowShare).reversed()
                .thenComparingInt(Attribution::position));
        return out.size() > MAX_ATTRIBUTIONS ? List.copyOf(out.subList(0, MAX_ATTRIBUTIONS)) : out;
    }

    private static List<Attribution> overRepresented(Window w, ValueBaseline b) {
        int tested = w.values.size();
        List<Attribution> out = new ArrayList<>();
        List<Double> gs = new ArrayList<>();
        double n = w.occurrences;
        for (WindowValue v : w.values) {
            if (!attributable(v)) {
                continue;
            }
            double bigB = b.total(v.position());
            if (bigB <= 0) {
                // No value of this position ever recurred enough to be learnt (as for the signature without a
                // baseline in attribute()): one that now holds a large share is new in that role. No test is
                // possible (p = NaN); ranked ahead of the tested ones by its share, which is at least DOMINANT_SHARE.
                double share = Math.min(v.guaranteed(), w.occurrences) / (double) w.occurrences;
                if (share >= DOMINANT_SHARE) {
                    out.add(new Attribution(v.position(), v.type(), v.value(), v.guaranteed(), share, 0.0, Double.NaN));
                    gs.add(Double.MAX_VALUE * share);
                }
                continue;
            }
            double held = b.count(v.position(), v.value());
            double base = held > 0 ? held : b.unheldCountBound(v.position());
            double x = Math.min(v.guaranteed(), n);
            double share = x / n;
            double baseShare = base / bigB;
            if (share < MIN_LIFT * baseShare || share - baseShare < MIN_SHARE_RISE) {
                continue;
            }
            double g = Significance.signedG(x, n, base, bigB);
            double p = Significance.upperP(g);
            if (p * tested >= ALPHA) {
                continue;
            }
            out.add(new Attribution(v.position(), v.type(), v.value(), (long) x, share, baseShare, p));
            gs.add(g);
        }
        // Most significant first: by G (p underflows to 0 for the strongest ones; G does not).
        Integer[] order = new Integer[out.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(gs.get(j), gs.get(i)));
        List<Attribution> sorted = new ArrayList<>(Math.min(order.length, MAX_ATTRIBUTIONS));
        for (int i = 0; i < order.length && i < MAX_ATTRIBUTIONS; i++) {
            sorted.add(out.get(order[i]));
        }
        return sorted;
    }

    /**
     * Folds the window into the baselines of the signatures {@code tracked} accepts (a baseline is created for a
     * tracked signature on its first window with values), then forgets the window.
     */
    public void learn(java.util.function.Predicate<String> tracked, double alpha) {
        for (Map.Entry<String, Window> e : pending.entrySet()) {
            Window w = e.getValue();
            String id = e.getKey();
            ValueBaseline b = baselines.get(id);
            if (b == null) {
                if (w.values.isEmpty() || !tracked.test(id)) {
                    continue;
                }
                b = new ValueBaseline();
                baselines.put(id, b);
            }
            b.learn(w.occurrences, w.values, alpha);
        }
        pending.clear();
    }

    /** Forgets the window without learning (a skipped or ignored window). */
    public void clearPending() {
        pending.clear();
    }

    /** The signature was renamed: its baseline (and pending window) continue under the new id. */
    public void rename(String oldId, String newId) {
        Window w = pending.remove(oldId);
        if (w != null) {
            pending(newId, w.occurrences, w.values);
        }
        ValueBaseline b = baselines.remove(oldId);
        if (b != null && !baselines.containsKey(newId)) {
            baselines.put(newId, b);
        }
    }

    /** The signature is no longer tracked. */
    public void evict(String id) {
        baselines.remove(id);
    }

    /** Baselines by signature id, in insertion order (codecs; mutable for restore). */
    public Map<String, ValueBaseline> baselines() {
        return baselines;
    }
}
