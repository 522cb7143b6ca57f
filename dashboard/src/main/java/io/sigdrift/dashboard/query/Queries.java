package io.sigdrift.dashboard.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigdrift.dashboard.store.Database;
import io.sigdrift.dashboard.store.PackedHours;
import io.sigdrift.signatures.reduce.CompareConfig;
import io.sigdrift.signatures.reduce.CompareKind;
import io.sigdrift.signatures.reduce.GTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The read side of the dashboard: every query the API answers, with bound parameters only.
 *
 * <p>Counts over a range read whole hours from {@code counts_hour} and only the ragged edges (less than an
 * hour on each side) from the window table, so the cost grows with hours x signatures, not windows.
 * Counts are reported under a signature's live id: windows closed before a generalisation keep the
 * old id in the job's output and are mapped forward through {@code sig_alias} here.
 */
public final class Queries {
    static final long HOUR_MS = 3_600_000L;
    public static final int MAX_LIMIT = 500;
    public static final int MAX_BUCKETS = 200;
    /** Windows shown around an anomaly in its chart, on each side of the incident. */
    static final long CONTEXT_MS = 6 * HOUR_MS;

    private final Database db;
    private final ObjectMapper json = new ObjectMapper();
    private final PackedHourCache packed;
    private final AnswerCache answers = new AnswerCache();

    public Queries(Database db) {
        this.db = db;
        this.packed = new PackedHourCache(db.dialect());
    }

    // ---------------------------------------------------------------- status

    public record Status(List<String> sources, Instant firstWindow, Instant lastWindow, long anomalies,
                         long signatures, long deadLetters, long rejected, long filesRead) {}

    public Status status() throws SQLException {
        return db.with(c -> {
            List<String> sources = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT source FROM totals_hour UNION SELECT DISTINCT source FROM signatures ORDER BY 1");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sources.add(rs.getString(1));
                }
            }
            Instant first = null;
            Instant last = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(hour_start) FROM totals_hour");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    first = Instant.ofEpochMilli(rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(window_end) FROM totals_minute");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    last = Instant.ofEpochMilli(rs.getLong(1));
                }
            }
            return new Status(sources, first, last, count(c, "SELECT COUNT(*) FROM anomalies"),
                    count(c, "SELECT COUNT(*) FROM signatures"), count(c, "SELECT COUNT(*) FROM dead_letters"),
                    count(c, "SELECT COALESCE(SUM(rejected), 0) FROM ingest_files"),
                    count(c, "SELECT COUNT(*) FROM ingest_files"));
        });
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    // ---------------------------------------------------------------- anomalies

    /**
     * Label states to filter by. A label counts until it is revoked: UNLABELED = no label in force (never
     * labelled, or every label revoked), LABELED = one in force, REVOKED = labelled once, every label revoked,
     * a kind = the newest label in force has that kind.
     */
    public enum LabelState { ANY, UNLABELED, LABELED, REVOKED, TRUE_POSITIVE, FALSE_POSITIVE, EXPECTED, NEW_NORMAL }

    public record AnomalyFilter(String source, String kind, double minScore, TimeRange range, LabelState label,
                                String text, int limit, int offset) {
        public AnomalyFilter {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
            }
            if (offset < 0 || offset > 100_000) {
                throw new IllegalArgumentException("offset must be in 0..100000, was " + offset);
            }
            if (!(minScore >= 0 && minScore <= 100)) {
                throw new IllegalArgumentException("min_score must be in 0..100, was " + minScore);
            }
        }
    }

    public record Anomaly(String id, String change, String kind, int direction, String source, int split,
                          String signature, String template, Instant windowStart, Instant windowEnd,
                          Instant incidentStart, double observed, Double expected, double score, double probability,
                          String explanation, List<String> examples, List<String> ancestors, String label,
                          String labelNote, String labelId, List<String> windowExamples,
                          com.fasterxml.jackson.databind.JsonNode attribution, List<String> affectedBy) {}

    public record AnomalyPage(List<Anomaly> items, long total, int limit, int offset) {}

    /** The newest label of anomaly {@code a} that is not revoked. */
    private static final String IN_FORCE = "FROM labels l WHERE l.anomaly_id = a.id AND NOT EXISTS (SELECT 1 FROM revokes r"
            + " WHERE r.label_id = l.label_id) ORDER BY l.time DESC, l.label_id DESC FETCH FIRST 1 ROWS ONLY";
    private static final String ANY_IN_FORCE = "EXISTS (SELECT 1 FROM labels l WHERE l.anomaly_id = a.id AND NOT EXISTS"
            + " (SELECT 1 FROM revokes r WHERE r.label_id = l.label_id))";

    private static final String ANOMALY_COLUMNS = "a.id, a.change, a.kind, a.direction, a.source, a.split, a.signature,"
            + " a.template, a.window_start, a.window_end, a.incident_start, a.observed, a.expected, a.score,"
            + " a.probability, a.explanation, a.examples, a.ancestors, a.window_examples, a.attribution, a.affected_by,"
            + " (SELECT l.kind " + IN_FORCE + ") AS label,"
            + " (SELECT l.note " + IN_FORCE + ") AS label_note,"
            + " (SELECT l.label_id " + IN_FORCE + ") AS label_id";


    public AnomalyPage anomalies(AnomalyFilter f) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE a.score >= ?");
        List<Object> args = new ArrayList<>();
        args.add(f.minScore());
        if (f.source() != null) {
            where.append(" AND a.source = ?");
            args.add(f.source());
        }
        if (f.kind() != null) {
            where.append(" AND a.kind = ?");
            args.add(f.kind());
        }
        if (f.range() != null) {
            // incidents that overlap the range
            where.append(" AND a.window_end > ? AND a.incident_start < ?");
            args.add(f.range().from());
            args.add(f.range().to());
        }
        if (f.text() != null) {
            where.append(" AND (").append(db.dialect().containsIgnoreCase("a.template")).append(" OR ")
                    .append(db.dialect().containsIgnoreCase("a.explanation")).append(")");
            String pattern = "%" + likeEscape(f.text().toLowerCase(java.util.Locale.ROOT)) + "%";
            args.add(pattern);
            args.add(pattern);
        }
        switch (f.label()) {
            case ANY -> { }
            case UNLABELED -> where.append(" AND NOT ").append(ANY_IN_FORCE);
            case LABELED -> where.append(" AND ").append(ANY_IN_FORCE);
            case REVOKED -> where.append(" AND EXISTS (SELECT 1 FROM labels l WHERE l.anomaly_id = a.id) AND NOT ")
                    .append(ANY_IN_FORCE);
            default -> {
                where.append(" AND (SELECT l.kind ").append(IN_FORCE).append(") = ?");
                args.add(f.label().name());
            }
        }
        return db.with(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM anomalies a" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Anomaly> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ANOMALY_COLUMNS + " FROM anomalies a" + where
                    + " ORDER BY a.incident_start DESC, a.score DESC, a.id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")) {
                List<Object> all = new ArrayList<>(args);
                all.add(f.offset());
                all.add(f.limit());
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(anomaly(rs));
                    }
                }
            }
            return new AnomalyPage(items, total, f.limit(), f.offset());
        });
    }

    private Anomaly anomaly(ResultSet rs) throws SQLException {
        double expected = rs.getDouble("expected");
        Double exp = rs.wasNull() ? null : expected;
        return new Anomaly(rs.getString("id"), rs.getString("change"), rs.getString("kind"), rs.getInt("direction"),
                rs.getString("source"), rs.getInt("split"), rs.getString("signature"), rs.getString("template"),
                Instant.ofEpochMilli(rs.getLong("window_start")), Instant.ofEpochMilli(rs.getLong("window_end")),
                Instant.ofEpochMilli(rs.getLong("incident_start")), rs.getDouble("observed"), exp,
                rs.getDouble("score"), rs.getDouble("probability"), rs.getString("explanation"),
                stringList(rs.getString("examples")), stringList(rs.getString("ancestors")), rs.getString("label"),
                rs.getString("label_note"), rs.getString("label_id"), stringList(rs.getString("window_examples")),
                tree(rs.getString("attribution")), stringList(rs.getString("affected_by")));
    }

    public record Point(Instant t, double value) {}

    public record ExpectedPoint(Instant t, double observed, Double expected, double score, String change) {}

    public record Label(String labelId, String kind, String note, String author, String scope, Instant time,
                        com.fasterxml.jackson.databind.JsonNode values, Instant expires, Instant revoked,
                        String revokedBy) {}

    public record AnomalyDetail(Anomaly anomaly, List<Point> series, List<ExpectedPoint> windows, List<Label> labels,
                                SignatureInfo signatureInfo) {}

    public Optional<AnomalyDetail> anomaly(String id) throws SQLException {
        return db.with(c -> {
            Anomaly a = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ANOMALY_COLUMNS + " FROM anomalies a WHERE a.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        a = anomaly(rs);
                    }
                }
            }
            if (a == null) {
                return Optional.empty();
            }
            long from = a.incidentStart().toEpochMilli() - CONTEXT_MS;
            long to = a.windowEnd().toEpochMilli() + CONTEXT_MS;
            List<Point> series;
            if (a.signature() == null) {
                series = totalSeries(c, a.source(), from, to);
            } else {
                Set<String> ids = new HashSet<>(rawIds(c, a.signature()));
                ids.addAll(a.ancestors());
                series = windowSeries(c, ids, a.source(), from, to);
            }
            List<ExpectedPoint> windows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT window_start, observed, expected, score, change"
                    + " FROM anomaly_windows WHERE anomaly_id = ? ORDER BY window_start, change")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double e = rs.getDouble(3);
                        windows.add(new ExpectedPoint(Instant.ofEpochMilli(rs.getLong(1)), rs.getDouble(2),
                                rs.wasNull() ? null : e, rs.getDouble(4), rs.getString(5)));
                    }
                }
            }
            SignatureInfo info = a.signature() == null ? null : signatureInfo(c, a.signature()).orElse(null);
            return Optional.of(new AnomalyDetail(a, series, windows, labels(c, id), info));
        });
    }

    /** The anomaly's row without its chart (what a label copies from it). */
    public Optional<Anomaly> anomalyRow(String id) throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ANOMALY_COLUMNS + " FROM anomalies a WHERE a.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(anomaly(rs)) : Optional.<Anomaly>empty();
                }
            }
        });
    }

    public boolean anomalyExists(String id) throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM anomalies WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private List<Label> labels(Connection c, String anomalyId) throws SQLException {
        List<Label> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT l.label_id, l.kind, l.note, l.author, l.scope, l.time,"
                + " l.label_values, l.expires, r.time, r.author FROM labels l LEFT JOIN revokes r ON r.label_id = l.label_id"
                + " WHERE l.anomaly_id = ? ORDER BY l.time DESC, l.label_id DESC")) {
            ps.setString(1, anomalyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long exp = rs.getLong(8);
                    Instant expires = rs.wasNull() ? null : Instant.ofEpochMilli(exp);
                    long rev = rs.getLong(9);
                    Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(rev);
                    out.add(new Label(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), tree(rs.getString(7)), expires, revoked,
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

    private static List<Point> totalSeries(Connection c, String source, long from, long to) throws SQLException {
        List<Point> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT window_start, SUM(n) FROM totals_minute WHERE source = ?"
                + " AND window_start >= ? AND window_start < ? GROUP BY window_start ORDER BY window_start")) {
            ps.setString(1, source);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    /**
     * Per-window counts of a signature (all its raw ids); windows of the source in which it was absent are
     * 0 (a DROP is visible as such), found from the source's totals.
     */
    private static List<Point> windowSeries(Connection c, Collection<String> ids, String source, long from, long to)
            throws SQLException {
        Map<Long, Long> byWindow = new java.util.TreeMap<>();
        for (Point p : totalSeries(c, source, from, to)) {
            byWindow.put(p.t().toEpochMilli(), 0L);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT c.window_start, SUM(c.n) FROM " + idsTable(ids.size())
                + " JOIN counts_minute c ON c.signature = v.id WHERE c.window_start >= ? AND c.window_start < ?"
                + " GROUP BY c.window_start")) {
            int i = 1;
            for (String id : ids) {
                ps.setString(i++, id);
            }
            ps.setLong(i++, from);
            ps.setLong(i, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byWindow.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        List<Point> out = new ArrayList<>(byWindow.size());
        byWindow.forEach((t, n) -> out.add(new Point(Instant.ofEpochMilli(t), n)));
        return out;
    }

    // ---------------------------------------------------------------- signatures

    public record SignatureInfo(String id, String source, int split, String change, String previousId, String template,
                                List<String> ancestors, String example, Instant firstSeen, Instant updated,
                                String supersededBy) {}

    private Optional<SignatureInfo> signatureInfo(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.source, s.split, s.change, s.previous_id, s.template,"
                + " s.ancestors, s.example, s.first_seen, s.updated, (SELECT new_id FROM sig_alias WHERE old_id = s.id)"
                + " FROM signatures s WHERE s.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SignatureInfo(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), stringList(rs.getString(7)), rs.getString(8),
                        Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11)));
            }
        }
    }

    public record SignatureRow(String id, String source, String template, long count, double share, Instant firstSeen,
                               Instant lastSeen, boolean isNew, List<Long> sparkline, int ancestors) {}

    public record SignaturePage(TimeRange range, long bucketMillis, long total, List<SignatureRow> items,
                                int newInRange) {}

    /**
     * Top signatures of the range by count, with share of the range's total and a sparkline. A fixed number
     * of statements whatever the limit: counts, total, all descriptions, one sparkline query and two
     * first/last-seen queries for all the rows together.
     */
    public SignaturePage signatures(TimeRange range, String source, String text, int limit, int buckets)
            throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be in 1.." + MAX_BUCKETS + ", was " + buckets);
        }
        List<Object> key = java.util.Arrays.asList("signatures", range.from(), range.to(), source, text, limit, buckets);
        return db.with(c -> answers.get(c, key, () -> {
            Map<String, String> alias = aliases(c);
            long bucket = bucketMillis(range, buckets);
            HourGrid grid = bucket % HOUR_MS == 0
                    ? new HourGrid(gridOrigin(range, bucket), bucket, bucketCount(range, bucket, buckets)) : null;
            Map<String, Long> counts = resolvedCounts(c, alias, range, source, grid);
            long total = totalIn(c, range, source);
            // only what the page needs of the signatures table: which counted ids are new in the range, which
            // match the text filter, and the descriptions of the rows shown (not every signature's)
            Set<String> newIds = idsWhere(c, "SELECT id FROM signatures WHERE first_seen >= ?", range.from());
            String needle = text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
            Set<String> matching = needle == null ? null : idsWhere(c, "SELECT id FROM signatures WHERE "
                    + db.dialect().containsIgnoreCase("template"), "%" + likeEscape(needle) + "%");
            // a sort of (id, count) pairs: sorting 10,000 ids by a map lookup per comparison was a third of the request
            int newInRange = 0;
            List<Counted> candidates = new ArrayList<>(matching == null ? counts.size() : Math.min(counts.size(), matching.size()));
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                if (newIds.contains(e.getKey())) {
                    newInRange++;
                }
                if (matching == null || matching.contains(e.getKey())) {
                    candidates.add(new Counted(e.getKey(), e.getValue()));
                }
            }
            candidates.sort(Counted.BY_COUNT_THEN_ID);
            List<String> top = new ArrayList<>(Math.min(limit, candidates.size()));
            for (int i = 0; i < candidates.size() && top.size() < limit; i++) {
                top.add(candidates.get(i).id());
            }
            Map<String, SignatureInfo> infos = signatureInfos(c, top, alias);
            Map<String, String> rawToTop = new HashMap<>();
            for (String id : top) {
                for (String raw : rawIds(c, id, alias)) {
                    rawToTop.put(raw, id);
                }
            }
            Map<String, List<Long>> sparks = sparklines(c, rawToTop, range, bucket, buckets,
                    grid == null || source != null ? null : grid);
            Map<String, long[]> seen = seen(c, rawToTop);
            List<SignatureRow> rows = new ArrayList<>();
            for (String id : top) {
                SignatureInfo info = infos.get(id);
                long[] sn = seen.getOrDefault(id, new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                Instant first = info != null ? info.firstSeen() : sn[0] == Long.MAX_VALUE ? null : Instant.ofEpochMilli(sn[0]);
                long n = counts.get(id);
                rows.add(new SignatureRow(id, info == null ? null : info.source(), info == null ? null : info.template(), n,
                        total == 0 ? 0.0 : (double) n / total, first,
                        sn[1] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(sn[1]),
                        first != null && first.toEpochMilli() >= range.from(), sparks.get(id),
                        info == null ? 0 : info.ancestors().size()));
            }
            return new SignaturePage(range, bucket, total, rows, newInRange);
        }));
    }

    /** A signature's count in a range, for ranking: most first, ties by id. */
    private record Counted(String id, long n) {
        static final Comparator<Counted> BY_COUNT_THEN_ID = (a, b) -> a.n != b.n ? Long.compare(b.n, a.n) : a.id.compareTo(b.id);
    }

    private static Set<String> idsWhere(Connection c, String sql, Object arg) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(arg));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The descriptions of these signatures, in one statement per {@link #IDS_PER_STATEMENT} ids. */
    private Map<String, SignatureInfo> signatureInfos(Connection c, Collection<String> ids, Map<String, String> alias)
            throws SQLException {
        Map<String, SignatureInfo> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IDS_PER_STATEMENT) {
            List<Object> chunk = new ArrayList<>(all.subList(from, Math.min(all.size(), from + IDS_PER_STATEMENT)));
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.source, s.split, s.change, s.previous_id,"
                    + " s.template, s.ancestors, s.example, s.first_seen, s.updated FROM " + idsTable(chunk.size())
                    + " JOIN signatures s ON s.id = v.id")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        out.put(id, new SignatureInfo(id, rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), stringList(rs.getString(7)), rs.getString(8),
                                Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)), alias.get(id)));
                    }
                }
            }
        }
        return out;
    }

    static final int IDS_PER_STATEMENT = 500;

    public record SignatureDetail(SignatureInfo signature, List<SignatureInfo> lineage, TimeRange range, long count,
                                  double share, long bucketMillis, List<Point> series, List<Anomaly> anomalies,
                                  List<String> examples) {}

    public Optional<SignatureDetail> signature(String id, TimeRange range, int buckets) throws SQLException {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be in 1.." + MAX_BUCKETS + ", was " + buckets);
        }
        return db.with(c -> {
            Optional<SignatureInfo> found = signatureInfo(c, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            SignatureInfo info = found.get();
            Map<String, String> alias = aliases(c);
            List<SignatureInfo> lineage = new ArrayList<>();
            for (String a : info.ancestors()) {
                signatureInfo(c, a).ifPresent(lineage::add);
            }
            Set<String> raw = rawIds(c, id, alias);
            raw.addAll(info.ancestors());
            long bucket = bucketMillis(range, buckets);
            List<Long> spark = sparkline(c, raw, range, bucket, buckets);
            List<Point> series = new ArrayList<>(spark.size());
            long n = 0;
            for (int i = 0; i < spark.size(); i++) {
                series.add(new Point(Instant.ofEpochMilli(gridOrigin(range, bucket) + i * bucket), spark.get(i)));
                n += spark.get(i);
            }
            long total = totalIn(c, range, info.source());
            List<Anomaly> anomalies = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ANOMALY_COLUMNS + " FROM anomalies a WHERE a.signature"
                    + " IN (" + marks(raw.size()) + ") ORDER BY a.incident_start DESC FETCH FIRST 50 ROWS ONLY")) {
                bind(ps, new ArrayList<>(raw));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        anomalies.add(anomaly(rs));
                    }
                }
            }
            List<String> examples = new ArrayList<>();
            if (info.example() != null) {
                examples.add(info.example());
            }
            for (SignatureInfo l : lineage) {
                if (l.example() != null && !examples.contains(l.example())) {
                    examples.add(l.example());
                }
            }
            for (Anomaly a : anomalies) {
                for (String e : a.examples()) {
                    if (examples.size() < 10 && !examples.contains(e)) {
                        examples.add(e);
                    }
                }
            }
            return Optional.of(new SignatureDetail(info, lineage, range, n, total == 0 ? 0.0 : (double) n / total, bucket,
                    series, anomalies, examples));
        });
    }

    // ---------------------------------------------------------------- compare

    public record CompareRowOut(int rank, CompareKind kind, String id, String source, String template,
                                long baselineCount, long targetCount, double baselineShare, double targetShare,
                                Double ratio, double score, double pValue, String example) {}

    public record Comparison(TimeRange baseline, TimeRange target, long baselineEvents, long targetEvents,
                             long newCount, long goneCount, long changedCount, long unchanged, double alpha,
                             List<CompareRowOut> rows) {}

    /**
     * LogCompare over stored counts: the same 2x2 G-test ({@link GTest}) and the same NEW / GONE / CHANGED
     * rules and ranking as {@code sigdrift compare} ({@code LogCompare.result}), applied to the per-signature
     * counts of two ranges instead of re-reading lines.
     */
    public Comparison compare(TimeRange baseline, TimeRange target, String source, int top, double alpha)
            throws SQLException {
        if (top < 1 || top > MAX_LIMIT) {
            throw new IllegalArgumentException("top must be in 1.." + MAX_LIMIT + ", was " + top);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        List<Object> key = java.util.Arrays.asList("compare", baseline.from(), baseline.to(), target.from(), target.to(), source,
                top, alpha);
        return db.with(c -> answers.get(c, key, () -> {
            Map<String, String> alias = aliases(c);
            Map<String, Long> b = resolvedCounts(c, alias, baseline, source);
            Map<String, Long> t = resolvedCounts(c, alias, target, source);
            long bTotal = totalIn(c, baseline, source);
            long tTotal = totalIn(c, target, source);
            Set<String> ids = new HashSet<>(b.keySet());
            ids.addAll(t.keySet());
            List<CompareRowOut> all = new ArrayList<>();
            long unchanged = 0;
            long[] kinds = new long[CompareKind.values().length];
            Map<String, String> templates = null;
            for (String id : ids) {
                long bc = Math.min(b.getOrDefault(id, 0L), bTotal);
                long tc = Math.min(t.getOrDefault(id, 0L), tTotal);
                double score = GTest.g(bc, bTotal, tc, tTotal);
                double p = GTest.pValue(score);
                CompareKind kind;
                if (bc == 0 && tc == 0) {
                    continue;
                } else if (bc == 0) {
                    kind = CompareKind.NEW;
                } else if (tc == 0) {
                    kind = CompareKind.GONE;
                } else if (p < alpha) {
                    kind = CompareKind.CHANGED;
                } else {
                    unchanged++;
                    continue;
                }
                kinds[kind.ordinal()]++;
                double bs = bTotal == 0 ? 0 : (double) bc / bTotal;
                double ts = tTotal == 0 ? 0 : (double) tc / tTotal;
                all.add(new CompareRowOut(0, kind, id, null, null, bc, tc, bs, ts, bs == 0 ? null : ts / bs, score, p, null));
            }
            // LogCompare's ranking breaks ties by template: the templates of all rows, in one light statement
            if (all.size() > 1) {
                templates = templates(c);
            }
            Map<String, String> tpl = templates == null ? Map.of() : templates;
            all.sort(Comparator.comparingDouble(CompareRowOut::score).reversed()
                    .thenComparing(r -> -(r.baselineCount() + r.targetCount()))
                    .thenComparing(r -> tpl.getOrDefault(r.id(), ""))
                    .thenComparing(CompareRowOut::id));
            List<CompareRowOut> shown = all.subList(0, Math.min(top, all.size()));
            Map<String, SignatureInfo> infos = signatureInfos(c, shown.stream().map(CompareRowOut::id).toList(), alias);
            List<CompareRowOut> ranked = new ArrayList<>();
            for (int i = 0; i < shown.size(); i++) {
                CompareRowOut r = shown.get(i);
                SignatureInfo info = infos.get(r.id());
                ranked.add(new CompareRowOut(i + 1, r.kind(), r.id(), info == null ? null : info.source(),
                        info == null ? null : info.template(), r.baselineCount(), r.targetCount(), r.baselineShare(),
                        r.targetShare(), r.ratio(), r.score(), r.pValue(), info == null ? null : info.example()));
            }
            return new Comparison(baseline, target, bTotal, tTotal, kinds[CompareKind.NEW.ordinal()],
                    kinds[CompareKind.GONE.ordinal()], kinds[CompareKind.CHANGED.ordinal()], unchanged, alpha, ranked);
        }));
    }

    private static Map<String, String> templates(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, template FROM signatures");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    public static double defaultAlpha() {
        return CompareConfig.DEFAULT_ALPHA;
    }

    // ---------------------------------------------------------------- counting helpers

    private static Map<String, String> aliases(Connection c) throws SQLException {
        Map<String, String> m = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT old_id, new_id FROM sig_alias");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    private static Set<String> rawIds(Connection c, String id) throws SQLException {
        return rawIds(c, id, aliases(c));
    }

    private static Set<String> rawIds(Connection c, String id, Map<String, String> alias) {
        Set<String> out = new HashSet<>();
        out.add(id);
        alias.forEach((o, n) -> {
            if (n.equals(id)) {
                out.add(o);
            }
        });
        return out;
    }

    /** Splits a range into the window-table edges and the hour-table middle. */
    private record Split(long hourFrom, long hourTo) {
        static Split of(TimeRange r) {
            long hf = Math.floorDiv(r.from() + HOUR_MS - 1, HOUR_MS) * HOUR_MS;
            long ht = Math.floorDiv(r.to(), HOUR_MS) * HOUR_MS;
            return hf < ht ? new Split(hf, ht) : new Split(r.to(), r.to());
        }
    }

    /**
     * Counts per live signature id over a range: the ragged edges (under an hour each side) summed from the
     * window table, the whole hours decoded from the packed rollup ({@link PackedHours}): one row per hour and
     * source instead of one per hour and signature.
     */
    private Map<String, Long> resolvedCounts(Connection c, Map<String, String> alias, TimeRange r, String source)
            throws SQLException {
        return resolvedCounts(c, alias, r, source, null);
    }

    /**
     * The sparkline grid of a top list whose buckets are whole hours: the packed hours that counted the range
     * are kept here, so the top ids' buckets are summed from them afterwards without reading them again.
     */
    static final class HourGrid {
        final long origin;
        final long bucket;
        final int n;
        List<PackedHourCache.Hour> hours = List.of();

        HourGrid(long origin, long bucket, int n) {
            this.origin = origin;
            this.bucket = bucket;
            this.n = n;
        }
    }

    private Map<String, Long> resolvedCounts(Connection c, Map<String, String> alias, TimeRange r, String source,
                                             HourGrid grid) throws SQLException {
        Split s = Split.of(r);
        String src = source == null ? "" : " AND source = ?";
        // under the live id: windows closed before a generalisation carry the old id
        Map<String, Long> out = new HashMap<>();
        String edges = "SELECT signature, SUM(n) FROM ("
                + "SELECT signature, n FROM counts_minute WHERE window_start >= ? AND window_start < ?" + src
                + " UNION ALL SELECT signature, n FROM counts_minute WHERE window_start >= ? AND window_start < ?" + src
                + ") x GROUP BY signature";
        if (s.hourFrom() > r.from() || s.hourTo() < r.to()) {
            try (PreparedStatement ps = c.prepareStatement(edges)) {
                int i = 1;
                for (long[] p : new long[][] {{r.from(), s.hourFrom()}, {s.hourTo(), r.to()}}) {
                    ps.setLong(i++, p[0]);
                    ps.setLong(i++, p[1]);
                    if (source != null) {
                        ps.setString(i++, source);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        out.merge(alias.getOrDefault(id, id), rs.getLong(2), Long::sum);
                    }
                }
            }
        }
        if (s.hourFrom() < s.hourTo()) {
            List<PackedHourCache.Hour> hours = packed.hours(c, s.hourFrom(), s.hourTo(), source);
            String[] ids = packed.ids();
            long[] sum = new long[ids.length];
            for (PackedHourCache.Hour h : hours) {
                int[] idx = h.ids();
                long[] n = h.counts();
                for (int i = 0; i < idx.length; i++) {
                    sum[idx[i]] += n[i];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                if (sum[i] != 0) {
                    out.merge(alias.isEmpty() ? ids[i] : alias.getOrDefault(ids[i], ids[i]), sum[i], Long::sum);
                }
            }
            if (grid != null) {
                grid.hours = hours;
            }
        }
        return out;
    }

    private static long totalIn(Connection c, TimeRange r, String source) throws SQLException {
        Split s = Split.of(r);
        String src = source == null ? "" : " AND source = ?";
        String sql = "SELECT COALESCE(SUM(n), 0) FROM ("
                + "SELECT n FROM totals_minute WHERE window_start >= ? AND window_start < ?" + src
                + " UNION ALL SELECT n FROM totals_hour WHERE hour_start >= ? AND hour_start < ?" + src
                + " UNION ALL SELECT n FROM totals_minute WHERE window_start >= ? AND window_start < ?" + src + ") x";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindSplit(ps, r, s, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bindSplit(PreparedStatement ps, TimeRange r, Split s, String source) throws SQLException {
        long[][] parts = {{r.from(), s.hourFrom()}, {s.hourFrom(), s.hourTo()}, {s.hourTo(), r.to()}};
        int i = 1;
        for (long[] p : parts) {
            ps.setLong(i++, p[0]);
            ps.setLong(i++, p[1]);
            if (source != null) {
                ps.setString(i++, source);
            }
        }
    }

    /**
     * Where bucket 0 starts: hour buckets start on the hour at or before the range's start (the first one
     * is then partly outside the range), so that every hour row of the rollup falls into one bucket.
     */
    static long gridOrigin(TimeRange r, long bucket) {
        return bucket % HOUR_MS == 0 ? Math.floorDiv(r.from(), HOUR_MS) * HOUR_MS : r.from();
    }

    /** Bucket length: the range over the wanted number of buckets, in whole hours once it is an hour or more. */
    static long bucketMillis(TimeRange r, int buckets) {
        long b = Math.max(60_000L, (r.millis() + buckets - 1) / buckets);
        // from a day on, whole hours: the rollup then serves the sparklines, not the window table
        if (b >= HOUR_MS || r.millis() >= 24 * HOUR_MS) {
            b = (b + HOUR_MS - 1) / HOUR_MS * HOUR_MS;
        }
        return b;
    }

    /**
     * Counts per bucket of each top signature (its raw ids summed), for all of them at once.
     */
    static int bucketCount(TimeRange r, long bucket, int maxBuckets) {
        return (int) Math.min(maxBuckets, (r.to() - gridOrigin(r, bucket) + bucket - 1) / bucket);
    }

    private Map<String, List<Long>> sparklines(Connection c, Map<String, String> rawToTop, TimeRange r, long bucket,
                                               int maxBuckets) throws SQLException {
        return sparklines(c, rawToTop, r, bucket, maxBuckets, null);
    }

    private Map<String, List<Long>> sparklines(Connection c, Map<String, String> rawToTop, TimeRange r, long bucket,
                                               int maxBuckets, HourGrid grid) throws SQLException {
        long origin = gridOrigin(r, bucket);
        int n = bucketCount(r, bucket, maxBuckets);
        Map<String, Long[]> acc = new HashMap<>();
        for (String top : rawToTop.values()) {
            acc.computeIfAbsent(top, k -> {
                Long[] v = new Long[n];
                java.util.Arrays.fill(v, 0L);
                return v;
            });
        }
        if (!rawToTop.isEmpty()) {
            // Whole hours from the rollup when buckets are whole hours, the ragged edges (or everything, for
            // finer buckets) from the window table; bucket indexes are counted from the range's own start.
            List<long[]> parts = new ArrayList<>();
            if (bucket % HOUR_MS == 0) {
                Split sp = Split.of(r);
                parts.add(new long[] {0, r.from(), sp.hourFrom()});
                parts.add(new long[] {1, sp.hourFrom(), sp.hourTo()});
                parts.add(new long[] {0, sp.hourTo(), r.to()});
            } else {
                parts.add(new long[] {0, r.from(), r.to()});
            }
            for (long[] part : parts) {
                if (part[2] <= part[1]) {
                    continue;
                }
                boolean hourly = part[0] == 1;
                if (hourly && grid != null) {
                    // the whole hours were read while the range was counted
                    bucketHours(grid.hours, rawToTop, acc, origin, bucket, n);
                    continue;
                }
                if (hourly && rawToTop.size() > PACKED_SPARKLINE_MIN_IDS) {
                    // one pass over the packed hours beats a key lookup per id and hour for more than a few ids
                    packedBuckets(c, part[1], part[2], rawToTop, acc, origin, bucket, n);
                    continue;
                }
                String table = hourly ? "counts_hour" : "counts_minute";
                String col = hourly ? "hour_start" : "window_start";
                // bucket computed in a subquery: H2 does not match a parameterised GROUP BY expression to the select list
                String sql = "SELECT signature, b, SUM(n) FROM (SELECT c.signature, (c." + col + " - ?) / ? AS b, c.n FROM "
                        + idsTable(rawToTop.size()) + " JOIN " + table + " c ON c.signature = v.id WHERE c." + col + " >= ? AND c."
                        + col + " < ?) x GROUP BY signature, b";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    ps.setLong(i++, origin);
                    ps.setLong(i++, bucket);
                    for (String id : rawToTop.keySet()) {
                        ps.setString(i++, id);
                    }
                    ps.setLong(i++, part[1]);
                    ps.setLong(i, part[2]);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int k = (int) rs.getLong(2);
                            Long[] v = acc.get(rawToTop.get(rs.getString(1)));
                            if (v != null && k >= 0 && k < n) {
                                v[k] += rs.getLong(3);
                            }
                        }
                    }
                }
            }
        }
        Map<String, List<Long>> out = new HashMap<>();
        acc.forEach((k, v) -> out.put(k, java.util.Arrays.asList(v)));
        return out;
    }

    /** Above this many ids, sparklines read the packed hours; below, each id's hours by its key (a detail). */
    static final int PACKED_SPARKLINE_MIN_IDS = 8;

    private void packedBuckets(Connection c, long from, long to, Map<String, String> rawToTop, Map<String, Long[]> acc,
                               long origin, long bucket, int n) throws SQLException {
        bucketHours(packed.hours(c, from, to, null), rawToTop, acc, origin, bucket, n);
    }

    /** Adds the counts of the raw ids of {@code rawToTop} in these hours to their top id's buckets: one pass. */
    private void bucketHours(List<PackedHourCache.Hour> hours, Map<String, String> rawToTop, Map<String, Long[]> acc,
                             long origin, long bucket, int n) {
        int size = packed.idCount();
        Long[][] slot = new Long[size][];
        boolean any = false;
        for (Map.Entry<String, String> e : rawToTop.entrySet()) {
            int i = packed.indexOf(e.getKey());
            if (i >= 0 && i < size) {
                slot[i] = acc.get(e.getValue());
                any = true;
            }
        }
        if (!any) {
            return;
        }
        for (PackedHourCache.Hour h : hours) {
            int k = (int) ((h.hourStart() - origin) / bucket);
            if (k < 0 || k >= n) {
                continue;
            }
            int[] idx = h.ids();
            long[] counts = h.counts();
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < size) {
                    Long[] a = slot[idx[i]];
                    if (a != null) {
                        a[k] += counts[i];
                    }
                }
            }
        }
    }

    private List<Long> sparkline(Connection c, Collection<String> raw, TimeRange r, long bucket, int maxBuckets)
            throws SQLException {
        Map<String, String> rawToTop = new HashMap<>();
        raw.forEach(id -> rawToTop.put(id, ""));
        return sparklines(c, rawToTop, r, bucket, maxBuckets).get("");
    }

    /** First window start and last window end (epoch ms) of each top signature, over all its raw ids. */
    private static Map<String, long[]> seen(Connection c, Map<String, String> rawToTop) throws SQLException {
        Map<String, long[]> out = new HashMap<>();
        if (rawToTop.isEmpty()) {
            return out;
        }
        List<Object> ids = new ArrayList<>(rawToTop.keySet());
        try (PreparedStatement ps = c.prepareStatement("SELECT s.signature, s.first_start, s.last_end FROM "
                + idsTable(ids.size()) + " JOIN signature_seen s ON s.signature = v.id")) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = out.computeIfAbsent(rawToTop.get(rs.getString(1)), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                    v[0] = Math.min(v[0], rs.getLong(2));
                    v[1] = Math.max(v[1], rs.getLong(3));
                }
            }
        }
        return out;
    }

    /**
     * A list of ids as a table to join with: H2 then looks each id up in the signature-first primary key,
     * where {@code signature IN (?, ?, ...)} made it scan the index and test every row against the list
     * (3x slower on the demo data, worse with more signatures).
     */
    private static String idsTable(int n) {
        return "(VALUES " + String.join(", ", Collections.nCopies(Math.max(1, n), "(CAST(? AS VARCHAR(64)))")) + ") v(id)";
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(Math.max(1, n), "?"));
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private List<String> stringList(String s) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        try {
            return json.readValue(s, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON list in the database: " + s, e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode tree(String s) {
        if (s == null || s.isEmpty()) {
            return json.createArrayNode();
        }
        try {
            return json.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the database: " + s, e);
        }
    }

    /** A label by id with its anomaly id and whether it is revoked, for the revoke endpoint. */
    public record LabelRef(String labelId, String anomalyId, boolean revoked) {}

    public Optional<LabelRef> labelRef(String labelId) throws SQLException {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.anomaly_id, r.label_id FROM labels l LEFT JOIN revokes r"
                    + " ON r.label_id = l.label_id WHERE l.label_id = ?")) {
                ps.setString(1, labelId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new LabelRef(labelId, rs.getString(1), rs.getString(2) != null))
                            : Optional.<LabelRef>empty();
                }
            }
        });
    }

    static <K, V> Map<K, V> ordered() {
        return new LinkedHashMap<>();
    }
}
