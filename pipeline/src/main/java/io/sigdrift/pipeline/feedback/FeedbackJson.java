package io.sigdrift.pipeline.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigdrift.baselines.AnomalyKind;
import io.sigdrift.baselines.feedback.AuditEntry;
import io.sigdrift.baselines.feedback.Label;
import io.sigdrift.baselines.feedback.LabelKind;
import io.sigdrift.baselines.feedback.LabelScope;
import io.sigdrift.baselines.feedback.SuppressionRule;
import io.sigdrift.baselines.feedback.ValueRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The feedback stream's formats, version 1 ({@code docs/feedback.md}): label and revoke lines, the rules file and
 * the audit lines. Parsing validates everything once and throws {@link IllegalArgumentException} with a message
 * naming the field; the job turns that into a REJECTED audit line.
 * <pre>
 * {"v":1,"type":"label","label_id":"lbl-…","anomaly_id":"…","kind":"FALSE_POSITIVE","scope":"VALUES","source":"sshd",
 *  "signature":"…"|null,"anomaly_kind":"SPIKE","direction":1,"values":[{"position":8,"type":"IP","value":"…"}],
 *  "observed":412.0,"expected":20.5,"score":87.0,"window_start":iso,"time":iso,"expires":iso|null,"author":…,"note":…}
 * {"v":1,"type":"revoke","label_id":"lbl-…","time":iso,"author":…}
 * {"v":1,"type":"audit","time":iso,"record":"label|revoke|rules","id":…,"status":"ACCEPTED|REJECTED|REVOKED|EXPIRED","reason":…}
 * </pre>
 */
public final class FeedbackJson {
    public static final int VERSION = 1;
    /** A feedback line or rules file longer than this is rejected unread (a label is a few hundred bytes). */
    public static final int MAX_RECORD_CHARS = 64 * 1024;
    public static final int MAX_RULES_FILE_CHARS = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FeedbackJson() {}

    /** A parsed feedback line: a label, or a revoke of {@code revokedId}. */
    public record Line(Label label, String revokedId) {
        public String type() {
            return label != null ? "label" : "revoke";
        }

        public String id() {
            return label != null ? label.labelId() : revokedId;
        }
    }

    /** Parses one line of the feedback stream. */
    public static Line parseLine(String text) {
        if (text.length() > MAX_RECORD_CHARS) {
            throw new IllegalArgumentException("record longer than " + MAX_RECORD_CHARS + " characters");
        }
        JsonNode n = tree(text);
        checkVersion(n);
        String type = text(n, "type");
        if ("label".equals(type)) {
            return new Line(label(n), null);
        }
        if ("revoke".equals(type)) {
            String id = text(n, "label_id");
            if (id == null || id.isBlank() || id.length() > Label.MAX_ID_CHARS) {
                throw new IllegalArgumentException("revoke: label_id is required (at most " + Label.MAX_ID_CHARS + " characters)");
            }
            return new Line(null, id);
        }
        throw new IllegalArgumentException("type must be \"label\" or \"revoke\", was " + (type == null ? "missing" : "\"" + type + "\""));
    }

    /** The id a malformed line claims (for the audit line), or null. */
    public static String idOf(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            return n != null && n.isObject() ? text(n, "label_id") : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode tree(String text) {
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return n;
    }

    private static void checkVersion(JsonNode n) {
        JsonNode v = n.get("v");
        if (v == null || !v.canConvertToInt() || v.asInt() != VERSION) {
            throw new IllegalArgumentException("\"v\" must be " + VERSION + " (this job reads version " + VERSION + "), was " + v);
        }
    }

    static Label label(JsonNode n) {
        String id = text(n, "label_id");
        try {
            long windowStart = instant(n, "window_start", true);
            JsonNode exp = n.get("expires");
            long expires = exp == null || exp.isNull() ? Label.NEVER : instant(n, "expires", true);
            return new Label(id, text(n, "anomaly_id"), enumValue(n, "kind", LabelKind.class, true),
                    enumValue(n, "scope", LabelScope.class, true), text(n, "source"), text(n, "signature"),
                    text(n, "anomaly_kind"), integer(n, "direction", 0), values(n, false), number(n, "observed", 0),
                    number(n, "expected", 0), number(n, "score", 0), windowStart, instantOr(n, "time", 0L),
                    expires, text(n, "author"), text(n, "note"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label" + (id == null ? "" : " " + id) + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- writing

    public static String encode(Label l) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("type", "label");
        o.put("label_id", l.labelId());
        o.put("anomaly_id", l.anomalyId());
        o.put("kind", l.kind().name());
        o.put("scope", l.scope().name());
        o.put("source", l.source());
        o.put("signature", l.signature());
        o.put("anomaly_kind", l.anomalyKind());
        o.put("direction", l.direction());
        ArrayNode vs = o.putArray("values");
        for (ValueRef v : l.values()) {
            ObjectNode x = vs.addObject();
            x.put("position", v.position());
            x.put("type", v.type());
            x.put("value", v.value());
        }
        o.put("observed", l.observed());
        o.put("expected", l.expected());
        o.put("score", l.score());
        o.put("window_start", iso(l.windowStart()));
        o.put("time", iso(l.time()));
        o.put("expires", l.expires() == Label.NEVER ? null : iso(l.expires()));
        o.put("author", l.author());
        o.put("note", l.note());
        return o.toString();
    }

    public static String encodeRevoke(String labelId, long time, String author) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("type", "revoke");
        o.put("label_id", labelId);
        o.put("time", iso(time));
        o.put("author", author);
        return o.toString();
    }

    public static String audit(AuditEntry a, long time) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("type", "audit");
        o.put("time", iso(time));
        o.put("record", a.record());
        o.put("id", a.id());
        o.put("status", a.status().name());
        o.put("reason", a.reason());
        return o.toString();
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    // ---------------------------------------------------------------- rules

    /** Parses and validates a whole rules file; any error rejects the file (the job keeps the last good rules). */
    public static List<SuppressionRule> parseRules(String text) {
        if (text.length() > MAX_RULES_FILE_CHARS) {
            throw new IllegalArgumentException("rules file larger than " + MAX_RULES_FILE_CHARS + " characters");
        }
        JsonNode n = tree(text);
        checkVersion(n);
        JsonNode rules = n.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IllegalArgumentException("\"rules\" must be an array");
        }
        List<SuppressionRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = rules.get(i);
            String id = r.isObject() ? text(r, "id") : null;
            String where = "rule " + (i + 1) + (id == null ? "" : " (" + id + ")");
            try {
                if (!r.isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                SuppressionRule rule = rule(r);
                if (!ids.add(rule.id())) {
                    throw new IllegalArgumentException("duplicate rule id " + rule.id());
                }
                out.add(rule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static SuppressionRule rule(JsonNode r) {
        String template = text(r, "template");
        Pattern p = null;
        if (template != null) {
            try {
                p = Pattern.compile(template);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("template is not a valid regex: " + e.getDescription());
            }
        }
        int from = -1;
        int to = -1;
        String hours = text(r, "hours");
        if (hours != null) {
            String[] parts = hours.split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("hours must be HH:MM-HH:MM, was '" + hours + "'");
            }
            from = minuteOfDay(parts[0], hours, false);
            to = minuteOfDay(parts[1], hours, true);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode ds = r.get("days");
        if (ds != null && !ds.isNull()) {
            if (!ds.isArray()) {
                throw new IllegalArgumentException("days must be an array like [\"SAT\",\"SUN\"]");
            }
            for (JsonNode d : ds) {
                days.add(day(d.asText()));
            }
        }
        List<SuppressionRule.DateRange> dates = new ArrayList<>();
        JsonNode dr = r.get("dates");
        if (dr != null && !dr.isNull()) {
            if (!dr.isArray()) {
                throw new IllegalArgumentException("dates must be an array of {\"from\":…,\"to\":…}");
            }
            for (JsonNode d : dr) {
                try {
                    dates.add(new SuppressionRule.DateRange(LocalDate.parse(d.path("from").asText()),
                            LocalDate.parse(d.path("to").asText())));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("dates: from and to must be dates like 2026-12-24");
                }
            }
        }
        ZoneId zone;
        String z = text(r, "zone");
        try {
            zone = z == null ? ZoneId.of("UTC") : ZoneId.of(z);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zone '" + z + "' is not a time zone id");
        }
        JsonNode exp = r.get("expires");
        long expires = exp == null || exp.isNull() ? Label.NEVER : instant(r, "expires", true);
        return new SuppressionRule(text(r, "id"), enumValue(r, "action", SuppressionRule.Action.class, true),
                text(r, "source"), text(r, "signature"), enumValue(r, "kind", AnomalyKind.class, false), p, values(r, true),
                from, to, days, dates, zone, text(r, "note"), expires);
    }

    private static int minuteOfDay(String hhmm, String all, boolean end) {
        String[] p = hhmm.trim().split(":");
        try {
            int h = Integer.parseInt(p[0]);
            int m = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            if (p.length > 2 || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && (m != 0 || !end))) {
                throw new NumberFormatException();
            }
            return h * 60 + m;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hours must be HH:MM-HH:MM, was '" + all + "'");
        }
    }

    private static DayOfWeek day(String s) {
        String u = s.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(u) || d.name().startsWith(u) && u.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("days: '" + s + "' is not a day (MON..SUN)");
    }

    /** SHA-256 of a rules file's text: the same content re-read changes nothing. */
    public static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- fields

    private static List<ValueRef> values(JsonNode n, boolean positionOptional) {
        JsonNode vs = n.get("values");
        if (vs == null || vs.isNull()) {
            return List.of();
        }
        if (!vs.isArray()) {
            throw new IllegalArgumentException("values must be an array of {\"position\":…,\"value\":…}");
        }
        List<ValueRef> out = new ArrayList<>();
        for (JsonNode v : vs) {
            JsonNode pos = v.get("position");
            JsonNode val = v.get("value");
            if (val == null || !val.isTextual()) {
                throw new IllegalArgumentException("values: each needs a string \"value\"");
            }
            if ((pos == null || pos.isNull()) && !positionOptional || pos != null && !pos.isNull() && !pos.canConvertToInt()) {
                throw new IllegalArgumentException("values: each needs an integer \"position\"");
            }
            out.add(new ValueRef(pos == null || pos.isNull() ? ValueRef.ANY_POSITION : pos.asInt(), text(v, "type"), val.asText()));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static int integer(JsonNode n, String field, int dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String field, double dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return v.asDouble();
    }

    private static long instant(JsonNode n, String field, boolean required) {
        String s = text(n, field);
        if (s == null) {
            if (required) {
                throw new IllegalArgumentException(field + " is required (an ISO instant like 2026-03-14T10:05:00Z)");
            }
            return Long.MIN_VALUE;
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO instant like 2026-03-14T10:05:00Z, was '" + s + "'");
        }
    }

    private static long instantOr(JsonNode n, String field, long dflt) {
        long v = instant(n, field, false);
        return v == Long.MIN_VALUE ? dflt : v;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type, boolean required) {
        String s = text(n, field);
        if (s == null) {
            if (required) {
                throw new IllegalArgumentException(field + " is required (" + List.of(type.getEnumConstants()) + ")");
            }
            return null;
        }
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be one of " + List.of(type.getEnumConstants()) + ", was '" + s + "'");
        }
    }
}
