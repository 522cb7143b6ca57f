package io.sigdrift.pipeline.session;

import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.models.score.SessionFinding;
import io.sigdrift.pipeline.anomaly.AnomalyRecord;
import io.sigdrift.pipeline.anomaly.AttributionRecord;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@link SessionFinding} as the job's {@link AnomalyRecord} (kind SESSION, change CREATED: a closed session is
 * judged once, so it has no later changes).
 *
 * <p>Field use: {@code signature}/{@code template} = the session's most unusual signature (its oldest id, the key
 * sessions count under) or null when none stands out; window start/end = the session's first and last event (end
 * exclusive); {@code observed} = the model's raw score, {@code expected} = its threshold; {@code score} = 100 * raw /
 * (raw + threshold), in 0..100 like the other kinds and above 50 exactly when raw &gt; threshold;
 * {@code examples} and {@code window_examples} = lines of the session, those of unusual signatures first;
 * {@code attribution} = the entity (see {@link #entity}).
 */
public final class SessionAnomalies {
    /** Attribution type of the session's entity. */
    public static final String ENTITY = "ENTITY";

    private SessionAnomalies() {}

    public static AnomalyRecord of(String source, int split, SessionFinding f) {
        AnomalyRecord r = new AnomalyRecord();
        r.id = id(source, split, f.session().entity(), f.session().firstMillis());
        r.change = "CREATED";
        r.kind = AnomalyKind.SESSION.name();
        r.direction = 0;
        r.source = source;
        r.split = split;
        r.signature = f.unusualKey();
        r.template = f.unusualTemplate();
        r.windowStart = f.session().firstMillis();
        r.windowEnd = f.session().lastMillis() + 1;
        r.incidentStart = f.session().firstMillis();
        r.observed = f.score();
        r.expected = f.threshold();
        r.score = f.score() > 0 && f.threshold() > 0 ? 100.0 * f.score() / (f.score() + f.threshold())
                : f.score() > f.threshold() ? 100.0 : 0.0;
        r.probability = Double.NaN;
        r.explanation = f.explanation();
        r.examples = f.examples();
        r.ancestors = new String[0];
        r.windowExamples = f.examples();
        r.attribution = new AttributionRecord[]{entity(f)};
        r.affectedBy = new String[0];
        return r;
    }

    /**
     * The session's entity as its attribution (position -1, type {@value #ENTITY}, value = the id, window count =
     * the session's events, shares 1 and 0, no probability): the value the anomaly is about, so a label scoped to
     * values (the feedback stream's VALUES scope) can name it, and readers find the entity without parsing text.
     */
    static AttributionRecord entity(SessionFinding f) {
        AttributionRecord a = new AttributionRecord();
        a.position = -1;
        a.type = ENTITY;
        a.value = f.session().entity();
        a.windowCount = f.session().events();
        a.windowShare = 1.0;
        a.baselineShare = 0.0;
        a.probability = Double.NaN;
        return a;
    }

    /** 16 hex digits of a 64-bit FNV-1a hash of (source, split, entity, session start): stable across replays. */
    static String id(String source, int split, String entity, long first) {
        long h = 0xcbf29ce484222325L;
        byte[] b = (source + '\u0000' + split + '\u0000' + entity + '\u0000' + first + "\u0000session")
                .getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format(Locale.ROOT, "%016x", h);
    }
}
