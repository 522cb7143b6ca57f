package io.sigdrift.signatures;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Online log-signature engine for ONE source: learns structural templates from events one at a time.
 * NOT thread-safe (one instance per source / per Flink key).
 *
 * <p>Per event:
 * <ol>
 *   <li>Shape path: one pass copies the event and hashes its SHAPE (its chars with every digit run reduced to its
 *       length). Masking depends on digits only through those lengths, so a known shape maps straight to its
 *       signature: no masking, no allocation. This is how most events of a stream are handled.</li>
 *   <li>Skeleton path: the {@link LineMasker} tokenizes the event and replaces typed variables with masks; a known
 *       masked skeleton maps straight to its signature.</li>
 *   <li>Slow path, only for a new skeleton: signatures with the same token count are compared position by
 *       position. Differences that look like values (a typed mask, an identifier with '.', '/', '_', '@', a
 *       {@code key=value} value) are "soft": a signature within {@link #maxSoftDiffs} soft differences and at
 *       least one equal token absorbs the line and generalises those tokens to {@code <*>}. Differences between
 *       plain words are "hard": they generalise only on Brain-style evidence — the line and at least two other
 *       signatures identical except at that one position (three distinct values), never at the first token,
 *       which names the event. Otherwise a new signature is created.</li>
 * </ol>
 * A generalised template gets a new id (derived from the typed template); the old id becomes an ancestor.
 *
 * <p>Bounds: at most {@link EngineConfig#maxSignatures()} live signatures, the least recently matched one is
 * evicted beyond that ({@link EngineStats#evicted()}); the shape and skeleton maps hold at most
 * maxSignatures * skeletonCacheFactor entries each (signature refs are slot + generation, so they never retain an
 * evicted signature; a shape entry keeps at most one template String and its spans) and are cleared together when
 * full; events are cut to maxLineChars and maxTokens
 * ({@link Match#truncated()}). An empty or whitespace-only event is the signature with the empty template
 * (0 tokens) — callers that do not want it skip blank lines themselves. No string content makes it throw.
 */
public final class SignatureEngine {
    private final EngineConfig config;
    private final LineMasker masker = new LineMasker();
    /** A second masker for {@link #match} and {@link #parameters(String, Signature)}, made on first use. */
    private LineMasker lookup;
    /**
     * Whether the shape memo may be used: always, unless a user mask tells digits apart by value (see
     * {@link UserMask#digitBlind()}), which breaks the "digits count only by run length" rule it relies on.
     */
    private final boolean shapePath;
    /** Masked-skeleton hash -> signature ref ({@link #ref}); bounded by maxSkeletons, cleared when full. */
    private final Long2LongOpenHashMap skeletons = newCache();
    /**
     * Shape hash ({@link LineMasker#load}) -> signature ref and parameter spans: a memo of masking, cleared with
     * skeletons.
     */
    private final Long2ObjectOpenHashMap<ShapeMemo> shapes = new Long2ObjectOpenHashMap<>();
    private static final long NO_SHAPE = 0x5A5A5A5A5A5A5A5AL;
    private long pendingShape = NO_SHAPE;
    /** Live signatures by slot; freed slots are reused with a new generation. */
    private Cluster[] slots = new Cluster[64];
    private final it.unimi.dsi.fastutil.ints.IntArrayList freeSlots = new it.unimi.dsi.fastutil.ints.IntArrayList();
    private int nextSlot;
    private int generation;

    private static Long2LongOpenHashMap newCache() {
        Long2LongOpenHashMap m = new Long2LongOpenHashMap();
        m.defaultReturnValue(-1L);
        return m;
    }
    private final int maxSkeletons;
    private final Int2ObjectOpenHashMap<ObjectArrayList<Cluster>> byLength = new Int2ObjectOpenHashMap<>();
    private final Object2ObjectOpenHashMap<String, Cluster> byId = new Object2ObjectOpenHashMap<>();
    private final MatchResult match = new MatchResult();
    private final StringBuilder scratch = new StringBuilder(256);
    private final it.unimi.dsi.fastutil.ints.IntArrayList spans = new it.unimi.dsi.fastutil.ints.IntArrayList();
    /**
     * The last add(): its line, signature, the memo entry of its shape (null when the shape must not be memoised),
     * and whether it was masked.
     */
    private String lastLine;
    private Cluster lastCluster;
    private ShapeMemo lastMemo;
    private boolean lastMasked;

    /**
     * What the engine remembers about one shape: the signature its lines went to (a {@link #ref}), and the
     * parameter spans ({@link ParameterExtractor}) of its lines under template {@code tpl} (the String itself,
     * compared by identity; null until {@link #lastParameters} first worked them out). The spans depend on the line
     * only through its shape, so they hold for every line of the shape under that template. Kept in the entry that
     * add() already looked up, so {@link #lastParameters} needs no second hash lookup (it used one, and the two
     * objects behind it were usually out of the CPU caches by the shape's next line).
     */
    private static final class ShapeMemo {
        long ref;
        String tpl;
        int[] spans;
    }
    /** LRU list: head = most recently matched. */
    private Cluster head;
    private Cluster tail;
    private int live;

    private long lines;
    private long created;
    private long updated;
    private long evicted;
    private long truncatedLines;

    public SignatureEngine(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.maxSkeletons = (int) Math.min(Integer.MAX_VALUE / 2,
                (long) config.maxSignatures() * config.skeletonCacheFactor());
        this.masker.useMasks(config.masks());
        this.shapePath = config.masks().digitBlind();
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * Learns from one event (a line, or a joined multi-line event). Never throws for any string content.
     *
     * @throws IllegalArgumentException if line is null (a caller bug, not bad input)
     */
    public Match add(String line) {
        if (line == null) {
            throw new IllegalArgumentException("line must not be null");
        }
        lines++;
        LineMasker m = masker;
        long shape = m.load(line, config.maxLineChars());
        lastLine = line;
        // Fastest path: an event of a known shape (same text up to digit values): no masking at all.
        ShapeMemo memo = shapePath ? shapes.get(shape) : null;
        Cluster c = memo == null ? null : live(memo.ref);
        if (c != null) {
            if (m.truncated) {
                truncatedLines++;
            }
            c.count++;
            touch(c);
            lastCluster = c;
            lastMemo = memo;
            lastMasked = false;
            return match.set(c, Change.NONE, null, m.truncated);
        }
        m.maskLoaded(config.maxTokens());
        if (m.truncated) {
            truncatedLines++;
        }
        pendingShape = m.folded || !shapePath ? NO_SHAPE : shape;
        lastMemo = null;   // set by rememberShape when the shape is memoised
        lastMasked = true;
        lastCluster = null;
        Match result = learnMasked(m, line);
        lastCluster = (Cluster) result.signature();
        return result;
    }

    /** add() after masking: the skeleton map, then the slow path. */
    private Match learnMasked(LineMasker m, String line) {
        Cluster c = live(skeletons.get(m.hash));
        if (c != null) {
            c.count++;
            touch(c);
            rememberShape(c);
            return match.set(c, Change.NONE, null, m.truncated);
        }
        c = findBest(m);
        if (c == null) {
            c = mergeSiblings(m);
            if (c != null) {
                engineFired[Rule.SIBLING_MERGE.ordinal()]++;
                updated++;
                c.count++;
                touch(c);
                rememberSkeleton(m.hash, c);
                String prev = c.ancestorList == null ? null : c.ancestorList.get(c.ancestorList.size() - 1);
                return match.set(c, Change.UPDATED, prev, m.truncated);
            }
            c = create(m, line);
            rememberSkeleton(m.hash, c);
            return match.set(c, Change.CREATED, null, m.truncated);
        }
        c.count++;
        touch(c);
        String oldId = c.id;
        String merged = generalise(c, m);
        if (merged == null) {
            rememberSkeleton(m.hash, c);
            return match.set(c, Change.NONE, null, m.truncated);
        }
        updated++;
        engineFired[Rule.SOFT_MERGE.ordinal()]++;
        unindexId(c);
        c.setTemplate(merged);
        c.addAncestor(oldId, config.maxAncestors());
        Cluster same = byId.get(c.id);
        if (same != null) {
            // Two signatures converged to one template: keep one, so ids stay unique.
            c.setId(oldId);
            absorb(same, c);
            c = same;
            touch(c);
        } else {
            byId.put(c.id, c);
            absorbCovered(c);
        }
        rememberSkeleton(m.hash, c);
        return match.set(c, Change.UPDATED, oldId, m.truncated);
    }

    /** Looks a line up without learning; null when no signature matches it. */
    public Signature match(String line) {
        if (line == null) {
            return null;
        }
        LineMasker m = lookupMasker();
        m.mask(line, config.maxLineChars(), config.maxTokens());
        Cluster c = live(skeletons.get(m.hash));
        if (c != null) {
            return c;
        }
        c = findBest(m);
        if (c == null) {
            return null;
        }
        // match() must not learn: accept only when the template already covers the line.
        return covers(c, m) ? c : null;
    }

    /**
     * The typed parameter values of any line under a signature, by template token position. This masks the line
     * again; for the event just given to {@link #add}, {@link #lastParameters} reuses add()'s work instead.
     */
    public List<Parameter> parameters(String line, Signature signature) {
        if (line == null || !(signature instanceof Cluster)) {
            return List.of();
        }
        Cluster c = (Cluster) signature;
        LineMasker m = lookupMasker();
        m.mask(line, config.maxLineChars(), config.maxTokens());
        spans.clear();
        ParameterExtractor.extract(line, m, c, spans);
        List<Parameter> out = new ArrayList<>(spans.size() / ParameterExtractor.SPAN_INTS);
        int[] a = spans.elements();
        for (int k = 0; k < spans.size(); k += ParameterExtractor.SPAN_INTS) {
            out.add(new Parameter(a[k], label((char) a[k + 1]), line.substring(a[k + 2], a[k + 3])));
        }
        return out;
    }

    /**
     * The parameters of the event given to the last {@link #add} call, under the signature it matched, from the
     * masking add() already did: no second masking for lines add() masked, and for lines of a known shape (which
     * add() did not mask) the spans memoised for that shape and template; only the first line of a shape under a
     * template is masked here, in the buffers add() loaded. Allocates nothing once warm; the values are handed to
     * the sink as offsets into the event text. Does nothing before the first add.
     */
    public void lastParameters(ParameterSink sink) {
        Cluster c = lastCluster;
        String line = lastLine;
        if (c == null || line == null) {
            return;
        }
        int[] a;
        int n;
        ShapeMemo memo = lastMemo;
        if (memo != null && memo.tpl == c.tpl) {
            a = memo.spans;
            n = a.length;
        } else {
            if (!lastMasked) {
                masker.maskLoaded(config.maxTokens()); // the line add() loaded is still in the masker
                lastMasked = true;
            }
            spans.clear();
            ParameterExtractor.extract(line, masker, c, spans);
            a = spans.elements();
            n = spans.size();
            if (memo != null) {
                memo.spans = spans.toIntArray();
                memo.tpl = c.tpl;
            }
        }
        for (int k = 0; k < n; k += ParameterExtractor.SPAN_INTS) {
            sink.parameter(a[k], label((char) a[k + 1]), line, a[k + 2], a[k + 3]);
        }
    }

    /** The type label of a marker: a built-in type's, or a user mask's name. */
    private String label(char marker) {
        MaskType t = MaskType.ofMarker(marker);
        return t != null ? t.label() : config.masks().label(marker);
    }

    private LineMasker lookupMasker() {
        if (lookup == null) {
            lookup = new LineMasker();
            lookup.useMasks(config.masks());
        }
        return lookup;
    }

    /** Tokens whose test against a user mask was abandoned on the step budget (a backtracking pattern). */
    public long userMaskAborts() {
        return masker.userMaskAborts() + (lookup == null ? 0 : lookup.userMaskAborts());
    }

    /** Live signatures (read-only views), most recently matched first. */
    public Collection<Signature> signatures() {
        List<Signature> out = new ArrayList<>(live);
        for (Cluster c = head; c != null; c = c.next) {
            out.add(c);
        }
        return Collections.unmodifiableList(out);
    }

    /** The live signature with this id, or null if unknown, evicted or generalised away (see ancestors). */
    public Signature signature(String id) {
        return id == null ? null : byId.get(id);
    }

    /**
     * The live signature that now holds the events of {@code s}: s itself, or the signature it converged
     * with (two templates that generalised to the same one). Null if s was evicted.
     */
    public Signature resolve(Signature s) {
        if (!(s instanceof Cluster)) {
            return null;
        }
        Cluster c = (Cluster) s;
        while (c.mergedInto != null) {
            c = c.mergedInto;
        }
        return c.dead ? null : c;
    }

    /**
     * How often each general {@link Rule} fired in this engine (masking rules per masked event, clustering rules
     * per decision), indexed by {@link Rule#ordinal()}. For evaluations (which rule acts on which log type);
     * not part of the persisted state.
     */
    public long[] ruleFirings() {
        long[] out = masker.fired.clone();
        for (int r = 0; r < out.length; r++) {
            out[r] += engineFired[r];
        }
        return out;
    }

    private final long[] engineFired = new long[Rule.VALUES.length];

    public EngineStats stats() {
        return new EngineStats(lines, live, created, updated, evicted, truncatedLines);
    }

    // ---- clustering -----------------------------------------------------------------------------------------

    /**
     * How many differing positions a template of n tokens tolerates when every difference is "soft" (a typed
     * mask, an identifier-like value, a key=value value). Plain-word differences are never tolerated here:
     * they need sibling evidence (see {@link #mergeSiblings}).
     */
    static int maxSoftDiffs(int n) {
        return Math.max(1, (n + 1) / 2);
    }

    /** Siblings (templates differing from the line at one plain-word position only) needed to generalise it. */
    static final int SIBLING_EVIDENCE = 2;

    private Cluster findBest(LineMasker m) {
        ObjectArrayList<Cluster> list = byLength.get(m.count);
        if (list == null) {
            return null;
        }
        int n = m.count;
        int budget = maxSoftDiffs(n);
        Cluster best = null;
        int bestScore = -1;
        int bestWild = Integer.MAX_VALUE;
        Object[] arr = list.elements();
        for (int k = 0, size = list.size(); k < size; k++) {
            Cluster c = (Cluster) arr[k];
            int diffs = 0;
            int eq = 0;
            for (int i = 0; i < n; i++) {
                if (c.isWildcard(i)) {
                    continue;
                }
                int ts = c.tokenStart(i);
                int te = c.tokenEnd(i);
                if (m.tokenEquals(i, c.tpl, ts, te)) {
                    eq++;
                } else if (n == 1 || ++diffs > budget
                        || (i == 0 && !TokenMerge.middleHasMask(c.tpl, ts, te, m.out, m.start[i], m.end[i]))
                        || enumPair(c.tpl, ts, te, m, i)
                        || !(TokenMerge.isSoft(c.tpl, ts, te, m.out, m.start[i], m.end[i]) || keyedName(c, m, i))) {
                    // (cheapest checks first: a one-token line only matches exactly, see the eq == 0 rule below)
                    // the first token names the event: it only varies when it is a typed value
                    diffs = Integer.MAX_VALUE;
                    break;
                }
            }
            if (diffs > budget || (eq == 0 && diffs > 0)) {
                // a template must keep at least one constant token, else it would swallow everything
                continue;
            }
            if (eq > bestScore || (eq == bestScore && c.wildcards < bestWild)) {
                best = c;
                bestScore = eq;
                bestWild = c.wildcards;
            }
        }
        return best;
    }

    /**
     * Brain-style evidence for a plain-word variable: when the line and at least {@link #SIBLING_EVIDENCE}
     * signatures are identical except at ONE position p (p > 0: the first word of a message names the event and
     * is never generalised on this evidence), position p has taken at least three distinct values, so it is a
     * variable. The siblings merge into the most frequent one, which generalises p to {@code <*>}.
     *
     * @return the surviving signature with its template generalised, or null when there is not enough evidence
     */
    private Cluster mergeSiblings(LineMasker m) {
        ObjectArrayList<Cluster> list = byLength.get(m.count);
        if (list == null || m.count < 2) {
            return null;
        }
        int n = m.count;
        siblings.clear();
        siblingPos.clear();
        Object[] arr = list.elements();
        for (int k = 0, size = list.size(); k < size; k++) {
            Cluster c = (Cluster) arr[k];
            int pos = -1;
            for (int i = 0; i < n; i++) {
                if (c.isWildcard(i) || m.tokenEquals(i, c.tpl, c.tokenStart(i), c.tokenEnd(i))) {
                    continue;
                }
                if (pos >= 0 || (i == 0 && !isFieldToken(m.out, m.start[0], m.end[0]))) {
                    pos = -2;
                    break;
                }
                pos = i;
            }
            if (pos >= 0) {
                if (pos == 0) {
                    engineFired[Rule.FIELD_HEAD.ordinal()]++;
                }
                siblings.add(c);
                siblingPos.add(pos);
            }
        }
        if (siblings.size() < SIBLING_EVIDENCE) {
            return null;
        }
        // the position with the most siblings
        int bestPos = -1;
        int bestCount = 0;
        for (int a = 0; a < siblingPos.size(); a++) {
            int p = siblingPos.getInt(a);
            int cnt = 0;
            for (int b = 0; b < siblingPos.size(); b++) {
                if (siblingPos.getInt(b) == p) {
                    cnt++;
                }
            }
            if (cnt > bestCount) {
                bestCount = cnt;
                bestPos = p;
            }
        }
        if (bestCount < SIBLING_EVIDENCE) {
            return null;
        }
        if (closedVocabulary(m, bestPos, bestCount)) {
            engineFired[Rule.CLOSED_VOCABULARY.ordinal()]++;
            return null;
        }
        Cluster survivor = null;
        for (int a = 0; a < siblings.size(); a++) {
            if (siblingPos.getInt(a) == bestPos && (survivor == null || siblings.get(a).count > survivor.count)) {
                survivor = siblings.get(a);
            }
        }
        String oldId = survivor.id;
        unindexId(survivor);
        survivor.setTemplate(withWildcard(survivor, bestPos, bestPos, m));
        survivor.addAncestor(oldId, config.maxAncestors());
        for (int a = 0; a < siblings.size(); a++) {
            Cluster c = siblings.get(a);
            if (c != survivor && siblingPos.getInt(a) == bestPos) {
                absorb(survivor, c);
            }
        }
        Cluster same = byId.get(survivor.id);
        if (same != null && same != survivor) {
            absorb(same, survivor);
            return same;
        }
        byId.put(survivor.id, survivor);
        absorbCovered(survivor);
        return survivor;
    }

    /**
     * Rule (e), one event in one signature: after template s generalised, every other live signature of its length
     * whose template s now covers is absorbed into s (count, id into the lineage, {@link #resolve} follows it).
     * Otherwise a name kept constant in an older signature ({@code Accepted publickey for dadmin1 from ...}) stays
     * there while the same event with other names goes to {@code for <*>}: the skeleton map sends that name's
     * lines to the older, more specific signature forever. Slow path only (a template just changed).
     */
    private void absorbCovered(Cluster s) {
        ObjectArrayList<Cluster> list = byLength.get(s.tokenCount());
        if (list == null || s.wildcards == 0) {
            return;
        }
        for (int k = list.size() - 1; k >= 0; k--) {
            if (k >= list.size()) {
                continue;
            }
            Cluster c = list.get(k);
            if (c != s && templateCovers(s, c)) {
                absorb(s, c);
                engineFired[Rule.COVERED_MERGE.ordinal()]++;
            }
        }
    }

    /** Whether every token of c's template is equal to s's or lies under a whole-token wildcard of s. */
    private static boolean templateCovers(Cluster s, Cluster c) {
        int n = s.tokenCount();
        if (c.tokenCount() != n) {
            return false;
        }
        boolean differs = false;
        for (int i = 0; i < n; i++) {
            int ss = s.tokenStart(i);
            int se = s.tokenEnd(i);
            int cs = c.tokenStart(i);
            int ce = c.tokenEnd(i);
            if (se - ss == ce - cs && s.tpl.regionMatches(ss, c.tpl, cs, se - ss)) {
                continue;
            }
            if (!s.isWildcard(i)) {
                return false;
            }
            differs = true;
        }
        return differs;
    }

    /**
     * Rule (d): whether the siblings at position p (with the new line's value) look like a small, closed, frequent
     * vocabulary — event kinds such as HTTP methods or state words ({@code VM Paused / Resumed / Started}) —
     * rather than an open-ended parameter; if so they stay apart. In order:
     * <ol>
     *   <li>upper-case enum names are closed by definition ({@link #allEnumWords});</li>
     *   <li>rule (e): a word naming an account after a name key ({@link #keyedName}) is a parameter however
     *       few and frequent the accounts of this log are;</li>
     *   <li>otherwise the counts decide ({@link Vocabulary#isOpen}): too many values, or a tail of rare ones,
     *       is open. With little traffic nothing is rare yet, so the words stay apart until the set shows it keeps
     *       growing. The engine re-tests at each new value; when the answer turns to "open" the absorbed ids go
     *       into the survivor's lineage, so a decision that flips keeps ids traceable.</li>
     * </ol>
     */
    private boolean closedVocabulary(LineMasker m, int p, int n) {
        if (n + 1 <= CLOSED_MAX_ENUM && allEnumWords(m, p)) {
            engineFired[Rule.ENUM_WORDS.ordinal()]++;
            return true;
        }
        Cluster any = null;
        int k = 0;
        long[] counts = vocabularyCounts;
        if (counts.length < n + 1) {
            counts = vocabularyCounts = new long[Math.max(n + 1, 2 * counts.length)];
        }
        for (int a = 0; a < siblings.size(); a++) {
            if (siblingPos.getInt(a) == p) {
                any = siblings.get(a);
                counts[k++] = any.count;
            }
        }
        counts[k++] = 1; // the new line's value
        if (any != null && keyedName(any, m, p)) {
            engineFired[Rule.KEYED_NAME.ordinal()]++;
            return false;
        }
        if (k > Vocabulary.MAX_VALUES) {
            return false;
        }
        if (anyNameShaped(m, p)) {
            // rule (e): names are a parameter unless each earlier one is established as frequent
            long total = 0;
            for (int i = 0; i < k; i++) {
                total += counts[i];
            }
            return Vocabulary.allEstablished(counts, k - 1, total);
        }
        return !Vocabulary.isOpen(counts, k);
    }

    /**
     * Whether the new line's value at p or a sibling's is {@link #isNameShaped} (not a plain word), p lies in a
     * bracketed aside ({@link #inAside}), p follows a label ({@link #afterLabel}), or p is the object of a preposition ({@code password for alice from},
     * {@code request from Chrome client}): a single word standing where a noun phrase goes, without an article, is
     * the name of that object. (Upper-case state names after "from"/"to" are handled before, as enum names.)
     */
    private boolean anyNameShaped(LineMasker m, int p) {
        if (isNameShaped(java.nio.CharBuffer.wrap(m.out), m.start[p], m.end[p]) || inAside(m, p) || afterLabel(m, p)
                || (p > 0 && isPreposition(siblings.get(0).tpl, siblings.get(0).tokenStart(p - 1),
                        siblings.get(0).tokenEnd(p - 1)))) {
            return true;
        }
        for (int a = 0; a < siblings.size(); a++) {
            if (siblingPos.getInt(a) == p) {
                Cluster c = siblings.get(a);
                if (isNameShaped(c.tpl, c.tokenStart(p), c.tokenEnd(p))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Rule (e): whether token p of the line lies inside parentheses or square brackets (opened by it or before it
     * on the line, or closed by it). Messages put the details of an event in such asides after the text that names
     * it ({@code (uid=0)}, {@code (6.9 MiB)}, {@code took 12 ms (3, powerd)}, {@code pending task (spawning).}),
     * so a word that varies there is a detail, a parameter by default.
     */
    static boolean inAside(LineMasker m, int p) {
        int depth = 0;
        for (int i = 0; i <= p; i++) {
            for (int j = m.start[i]; j < m.end[i]; j++) {
                char c = m.out[j];
                if (c == '(' || c == '[') {
                    depth++;
                } else if ((c == ')' || c == ']') && (depth > 0 || i == p)) {
                    if (i == p) {
                        return true;
                    }
                    depth--;
                }
            }
        }
        return depth > 0;
    }

    /**
     * Rule (e), the shape of a name: a token that is not a plain word of prose once the quotes, brackets and
     * closing punctuation around it are set aside. Words of a message's text are letters only, capitalised at
     * most at their start ({@code Paused}, {@code opened}); names chosen by people and programs are not bound by
     * that: a digit ({@code eth0}, {@code sda2}, {@code dadmin2}), inner punctuation ({@code www-data},
     * {@code x+}, {@code a/b}) or an inner capital ({@code WindowServer}, {@code WiFiDisconnect}, the camelCase of
     * code). A position holding such values is a parameter unless the counts show a frequent closed set.
     */
    static boolean isNameShaped(CharSequence t, int s, int e) {
        while (s < e && isOpenPunct(t.charAt(s))) {
            s++;
        }
        while (e > s && isClosePunct(t.charAt(e - 1))) {
            e--;
        }
        if (e <= s) {
            return false;
        }
        boolean lowerSeen = false;
        for (int j = s; j < e; j++) {
            char c = t.charAt(j);
            if (c >= 'a' && c <= 'z') {
                lowerSeen = true;
            } else if (c >= 'A' && c <= 'Z') {
                if (lowerSeen) {
                    return true;
                }
            } else if (!Character.isLetter(c)) {
                return true;
            }
        }
        return false;
    }

    /** Per-value counts handed to {@link Vocabulary#isOpen}; reused (slow path, but no need to allocate). */
    private long[] vocabularyCounts = new long[16];

    /** An enumeration printed by name holds at most this many values at one position (with the new one). */
    static final int CLOSED_MAX_ENUM = 16;

    /**
     * Rule (d), enumerations: whether the new line's value at p and every sibling's value there are enum words
     * ({@link #isEnumWord}). Upper-case names are the printed form of a finite set defined in code — Java and C
     * enum constants (YARN's {@code NEW}, {@code UNASSIGNED}, {@code SUCCESS_CONTAINER_CLEANUP}), HTTP methods
     * (RFC 9110: {@code GET}, {@code POST}), syslog levels — so the word is the event kind even before each value
     * has been seen often. User, host and program names are not written that way (Unix names are lower case).
     */
    private boolean allEnumWords(LineMasker m, int p) {
        if (!isEnumWord(m.out, m.start[p], m.end[p]) || afterLabel(m, p)) {
            return false;
        }
        for (int a = 0; a < siblings.size(); a++) {
            if (siblingPos.getInt(a) == p) {
                Cluster c = siblings.get(a);
                if (!isEnumWord(c.tpl, c.tokenStart(p), c.tokenEnd(p))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Rule (d) on the soft path: two different enum names at one position ({@code NEW} / {@code RUNNING}) are two
     * event kinds, never a soft difference (the sibling path keeps them apart with {@link #allEnumWords}).
     */
    private boolean enumPair(String tpl, int ts, int te, LineMasker m, int i) {
        if (isEnumWord(tpl, ts, te) && isEnumWord(m.out, m.start[i], m.end[i]) && !afterLabel(m, i)) {
            engineFired[Rule.ENUM_WORDS.ordinal()]++;
            return true;
        }
        return false;
    }

    /**
     * Whether token p of the line follows a label: a token ending in ':' or '=' ({@code EventType: NEW},
     * {@code registry hive: SYSTEM,}, {@code reason = PowerButton}). A word the writer labelled is the value of a
     * named field, even when it comes from an enum; the event kind is printed without a label
     * ({@code Transitioned from NEW to RUNNING}, {@code "GET /x HTTP/1.1"}).
     */
    static boolean afterLabel(LineMasker m, int p) {
        if (p == 0) {
            return false;
        }
        char last = m.out[m.end[p - 1] - 1];
        return last == ':' || last == '=';
    }

    /** Enum names shorter than this (a lone letter "A", a grade) are not taken as a vocabulary. */
    private static final int MIN_ENUM_LETTERS = 2;

    /**
     * An upper-case name, optionally in quotes or brackets or followed by closing punctuation: {@code GET},
     * {@code "POST}, {@code UNASSIGNED,}, {@code SUCCESS_CONTAINER_CLEANUP}: letters A-Z and '_' (at least
     * {@link #MIN_ENUM_LETTERS} letters, starting with a letter).
     */
    static boolean isEnumWord(CharSequence t, int s, int e) {
        while (s < e && isOpenPunct(t.charAt(s))) {
            s++;
        }
        while (e > s && isClosePunct(t.charAt(e - 1))) {
            e--;
        }
        if (e - s < MIN_ENUM_LETTERS || t.charAt(s) < 'A' || t.charAt(s) > 'Z') {
            return false;
        }
        for (int j = s; j < e; j++) {
            char c = t.charAt(j);
            if (!((c >= 'A' && c <= 'Z') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean isEnumWord(char[] t, int s, int e) {
        return isEnumWord(java.nio.CharBuffer.wrap(t), s, e);
    }

    private static boolean isOpenPunct(char c) {
        return c == '"' || c == '\'' || c == '(' || c == '[' || c == '<';
    }

    private static boolean isClosePunct(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '>' || c == ',' || c == '.' || c == ':'
                || c == ';';
    }

    /**
     * Whether the first token [s, e) of a masked line is a FIELD rather than the word that names the event, so
     * sibling evidence may generalise it: a token wrapped in parentheses or brackets ({@code (root) CMD ...},
     * cron's user; {@code [worker-3] ...}). Log formats put such bracketed fields ahead of the message; a
     * message's own first word is a bare word (a bare daemon name such as {@code rpc.statd} stays the event).
     */
    static boolean isFieldToken(char[] t, int s, int e) {
        if (e - s < 3) {
            return false;
        }
        char a = t[s];
        char z = t[e - 1];
        if ((a == '(' && (z == ')' || (e - s > 3 && t[e - 2] == ')' && z == ':')))
                || (a == '[' && (z == ']' || (e - s > 3 && t[e - 2] == ']' && z == ':')))) {
            return true;
        }
        return false;
    }

    private final ObjectArrayList<Cluster> siblings = new ObjectArrayList<>();
    private final it.unimi.dsi.fastutil.ints.IntArrayList siblingPos = new it.unimi.dsi.fastutil.ints.IntArrayList();

    /**
     * The template of c with token p replaced by one ANY mask, and also every position where one of the
     * siblings being merged (at that p) already has a wildcard, so the merged template covers all their lines.
     */
    private String withWildcard(Cluster c, int p, int siblingPos, LineMasker m) {
        StringBuilder sb = scratch;
        sb.setLength(0);
        for (int i = 0; i < c.tokenCount(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (i == p && !c.isWildcard(i)) {
                // keep the punctuation every value shares ("SYSTEM," / "SAM," -> "<*>,", "(spawning)." -> "(<*>).");
                // that is the message's syntax around the value. Shared letters or digits stay inside the value.
                int mark = sb.length();
                TokenMerge.merge(c.tpl, c.tokenStart(i), c.tokenEnd(i), m.out, m.start[i], m.end[i], sb);
                if (!siblingsFit(sb, mark, p)) {
                    sb.setLength(mark);
                    sb.append(MaskType.ANY.marker());
                }
            } else if (i == p || siblingHasWildcard(i, siblingPos)) {
                sb.append(MaskType.ANY.marker());
            } else {
                sb.append(c.tpl, c.tokenStart(i), c.tokenEnd(i));
            }
        }
        return sb.toString();
    }

    /**
     * Whether the merged token sb[mark..) is punctuation, one ANY, punctuation, and covers every sibling's value at
     * p.
     */
    private boolean siblingsFit(StringBuilder sb, int mark, int p) {
        int any = -1;
        for (int j = mark; j < sb.length(); j++) {
            char ch = sb.charAt(j);
            if (ch == MaskType.ANY.marker() && any < 0) {
                any = j;
            } else if (LineMasker.isLetter(ch) || LineMasker.isDigit(ch) || MaskType.isMarker(ch)) {
                return false;
            }
        }
        if (any < 0) {
            return false;
        }
        int pre = any - mark;
        int suf = sb.length() - any - 1;
        for (int a = 0; a < siblings.size(); a++) {
            if (siblingPos.getInt(a) != p) {
                continue;
            }
            Cluster c = siblings.get(a);
            int ts = c.tokenStart(p);
            int te = c.tokenEnd(p);
            if (te - ts <= pre + suf) {
                return false;
            }
            for (int k = 0; k < pre; k++) {
                if (c.tpl.charAt(ts + k) != sb.charAt(mark + k)) {
                    return false;
                }
            }
            for (int k = 0; k < suf; k++) {
                if (c.tpl.charAt(te - suf + k) != sb.charAt(any + 1 + k)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean siblingHasWildcard(int i, int pos) {
        for (int a = 0; a < siblings.size(); a++) {
            if (siblingPos.getInt(a) == pos && siblings.get(a).isWildcard(i)) {
                return true;
            }
        }
        return false;
    }

    /** Moves the events and lineage of {@code gone} into {@code keep} and removes {@code gone}. */
    private void absorb(Cluster keep, Cluster gone) {
        keep.count += gone.count;
        keep.addAncestor(gone.id, config.maxAncestors());
        remove(gone);
        gone.dead = true;
        gone.frozen = null;   // a dead signature is never written again; a cache may hold the object a while
        gone.mergedInto = keep;
    }

    private boolean covers(Cluster c, LineMasker m) {
        for (int i = 0; i < m.count; i++) {
            if (!c.isWildcard(i) && !m.tokenEquals(i, c.tpl, c.tokenStart(i), c.tokenEnd(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rule (e): a plain word right after an identifier-introducing key ({@code user root}, see
     * {@link TokenMerge#isNameKey}) is a value when the key matches and either the message goes on after the word
     * with a token equal to the template's ({@code user root logged in}), or a preposition comes before the key
     * ({@code session closed for user cyrus}, {@code Started Session 12 of user root.}): a preposition makes
     * "key word" a noun phrase that names someone. A word that ENDS the message after a bare key
     * ({@code new user added} / {@code new user removed}) is more often the event itself.
     */
    private static boolean keyedName(Cluster c, LineMasker m, int i) {
        if (i == 0 || i >= m.count || c.isWildcard(i - 1)
                || TokenMerge.isPunctuationOnly(m.out, m.start[i], m.end[i])) {
            return false;
        }
        int ks = c.tokenStart(i - 1);
        int ke = c.tokenEnd(i - 1);
        if (!TokenMerge.isNameKey(c.tpl, ks, ke) || !m.tokenEquals(i - 1, c.tpl, ks, ke)) {
            return false;
        }
        for (int j = i + 1; j < m.count; j++) {
            if (!c.isWildcard(j) && m.tokenEquals(j, c.tpl, c.tokenStart(j), c.tokenEnd(j))) {
                return true;
            }
        }
        return i >= 2 && !c.isWildcard(i - 2) && isPreposition(c.tpl, c.tokenStart(i - 2), c.tokenEnd(i - 2))
                && m.tokenEquals(i - 2, c.tpl, c.tokenStart(i - 2), c.tokenEnd(i - 2));
    }

    /** English prepositions that put a name key into a noun phrase ({@code for user}, {@code of account}). */
    private static final String[] PREPOSITIONS = {"for", "of", "by", "to", "from", "as", "with", "on"};

    static boolean isPreposition(String t, int s, int e) {
        int len = e - s;
        for (String w : PREPOSITIONS) {
            if (w.length() == len && t.regionMatches(true, s, w, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** The generalised internal template, or null when the template already covers the line. */
    private String generalise(Cluster c, LineMasker m) {
        StringBuilder sb = scratch;
        sb.setLength(0);
        boolean changed = false;
        for (int i = 0; i < m.count; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            int ts = c.tokenStart(i);
            int te = c.tokenEnd(i);
            if (c.isWildcard(i) || m.tokenEquals(i, c.tpl, ts, te)) {
                sb.append(c.tpl, ts, te);
            } else {
                changed = true;
                if (!TokenMerge.isSoft(c.tpl, ts, te, m.out, m.start[i], m.end[i])) {
                    engineFired[Rule.KEYED_NAME.ordinal()]++; // the only way a hard difference gets here
                }
                TokenMerge.merge(c.tpl, ts, te, m.out, m.start[i], m.end[i], sb);
            }
        }
        // a token that already held a partial wildcard ("user=<*>") merges into itself: nothing changed
        return changed && !c.tpl.contentEquals(sb) ? sb.toString() : null;
    }

    private Cluster create(LineMasker m, String line) {
        if (live >= config.maxSignatures()) {
            evictLeastRecent();
        }
        StringBuilder sb = scratch;
        sb.setLength(0);
        for (int i = 0; i < m.count; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(m.out, m.start[i], m.end[i] - m.start[i]);
        }
        Cluster c = new Cluster(sb.toString(), example(line), config.masks());
        c.count = 1;
        Cluster same = byId.get(c.id);
        if (same != null) {
            // Only reachable when the identical template lives in another length bucket (cannot happen) or
            // after restore from a hand-edited state: reuse it rather than duplicate an id.
            same.count++;
            touch(same);
            return same;
        }
        created++;
        link(c);
        return c;
    }

    private String example(String line) {
        int max = config.maxExampleChars();
        if (line.length() <= max) {
            return line;
        }
        int cut = max;
        if (cut > 0 && Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut);
    }

    private void rememberSkeleton(long hash, Cluster c) {
        if (skeletons.size() >= maxSkeletons || shapes.size() >= maxSkeletons) {
            // Bounded: forget every remembered skeleton and shape at once (together, so the shape memo never
            // disagrees with the skeleton map); they are re-learned through the slow path.
            skeletons.clear();
            skeletons.trim(maxSkeletons);
            shapes.clear();
            shapes.trim(maxSkeletons);
        }
        skeletons.put(hash, ref(c));
        rememberShape(c);
    }

    private void rememberShape(Cluster c) {
        if (pendingShape != NO_SHAPE) {
            if (shapes.size() >= maxSkeletons) {
                skeletons.clear();
                skeletons.trim(maxSkeletons);
                shapes.clear();
                shapes.trim(maxSkeletons);
            }
            ShapeMemo memo = shapes.get(pendingShape);
            if (memo == null) {
                memo = new ShapeMemo();
                shapes.put(pendingShape, memo);
            }
            memo.ref = ref(c);
            lastMemo = memo;
            pendingShape = NO_SHAPE;
        }
    }

    /** A cache value: slot and generation, so an evicted signature is not retained by the caches. */
    private static long ref(Cluster c) {
        return ((long) c.gen << 32) | (c.slot & 0xFFFFFFFFL);
    }

    /** The live signature a cache value refers to, or null (missing, evicted, merged away). */
    private Cluster live(long ref) {
        if (ref == -1L) {
            return null;
        }
        int slot = (int) ref;
        Cluster c = slot >= 0 && slot < slots.length ? slots[slot] : null;
        return c != null && c.gen == (int) (ref >>> 32) ? c : null;
    }

    // ---- bookkeeping -----------------------------------------------------------------------------------------

    private void link(Cluster c) {
        int slot = freeSlots.isEmpty() ? nextSlot++ : freeSlots.popInt();
        if (slot >= slots.length) {
            slots = java.util.Arrays.copyOf(slots, Math.max(slots.length * 2, slot + 1));
        }
        slots[slot] = c;
        c.slot = slot;
        c.gen = ++generation;
        byId.put(c.id, c);
        byLength.computeIfAbsent(c.tokenCount(), k -> new ObjectArrayList<>()).add(c);
        c.prev = null;
        c.next = head;
        if (head != null) {
            head.prev = c;
        }
        head = c;
        if (tail == null) {
            tail = c;
        }
        live++;
    }

    private void remove(Cluster c) {
        unindexId(c);
        ObjectArrayList<Cluster> list = byLength.get(c.tokenCount());
        if (list != null) {
            list.remove(c);
            if (list.isEmpty()) {
                byLength.remove(c.tokenCount());
            }
        }
        if (c.prev != null) {
            c.prev.next = c.next;
        } else {
            head = c.next;
        }
        if (c.next != null) {
            c.next.prev = c.prev;
        } else {
            tail = c.prev;
        }
        c.prev = null;
        c.next = null;
        if (c.slot >= 0 && slots[c.slot] == c) {
            slots[c.slot] = null;
            freeSlots.add(c.slot);
        }
        live--;
    }

    private void unindexId(Cluster c) {
        if (byId.get(c.id) == c) {
            byId.remove(c.id);
        }
    }

    private void touch(Cluster c) {
        if (head == c) {
            return;
        }
        // unlink
        c.prev.next = c.next;
        if (c.next != null) {
            c.next.prev = c.prev;
        } else {
            tail = c.prev;
        }
        c.prev = null;
        c.next = head;
        head.prev = c;
        head = c;
    }

    private void evictLeastRecent() {
        Cluster victim = tail;
        if (victim == null) {
            return;
        }
        remove(victim);
        victim.dead = true;
        victim.frozen = null;   // likewise
        evicted++;
    }

    // ---- state -------------------------------------------------------------------------------------------------

    /** A versioned, Jackson-friendly copy of the engine's state (signatures in LRU order, counters, fast path). */
    public EngineState snapshot() {
        EngineState s = new EngineState();
        s.version = EngineState.CURRENT_VERSION;
        s.lines = lines;
        s.created = created;
        s.updated = updated;
        s.evicted = evicted;
        s.truncatedLines = truncatedLines;
        s.masks = config.masks().specs();
        List<EngineState.SignatureState> sigs = new ArrayList<>(live);
        Object2ObjectOpenHashMap<Cluster, it.unimi.dsi.fastutil.longs.LongArrayList> sk =
                new Object2ObjectOpenHashMap<>();
        for (Long2LongMap.Entry e : skeletons.long2LongEntrySet()) {
            Cluster c = live(e.getLongValue());
            if (c != null) {
                sk.computeIfAbsent(c, k -> new it.unimi.dsi.fastutil.longs.LongArrayList()).add(e.getLongKey());
            }
        }
        // least recently used first, so restore can rebuild the LRU order by appending at the head
        for (Cluster c = tail; c != null; c = c.prev) {
            EngineState.SignatureState ss = new EngineState.SignatureState();
            ss.id = c.id;
            ss.template = c.template();
            ss.count = c.count;
            ss.ancestors = c.ancestors();
            ss.example = c.example;
            it.unimi.dsi.fastutil.longs.LongArrayList hs = sk.get(c);
            ss.skeletons = hs == null ? new long[0] : hs.toLongArray();
            sigs.add(ss);
        }
        s.signatures = sigs;
        return s;
    }

    /**
     * Writes the state {@link #snapshot()} holds in {@link EngineStateBinary}'s format, straight from the live
     * signatures (no DTO: this runs inside the streaming job's checkpoint pause).
     */
    void writeBinary(java.io.DataOutput out, EngineStateBinary.SignatureSink sink) throws java.io.IOException {
        EngineStateBinary.write(out, lines, created, updated, evicted, truncatedLines, config.masks().specs(), tail,
                skeletons, this::live, sink);
    }

    /**
     * Encodes now the part of {@code signature}'s binary state that rarely changes (id, template, example,
     * lineage: see {@code Cluster#frozen}), which {@link EngineStateBinary#write} otherwise encodes at the
     * signature's first write. Why a caller wants it: the streaming job writes its engines' state inside the
     * checkpoint pause, and a checkpoint after a burst of new signatures (a new log type, a job's first minutes)
     * would encode all of them there; calling this when the engine reports a signature created or updated
     * spreads that work over the lines that made them. A signature changed again later is encoded again at its
     * next write (or next call). Does nothing for a signature this engine no longer holds.
     *
     * @throws IllegalArgumentException if {@code signature} did not come from a SignatureEngine
     */
    public void encodeForWrite(Signature signature) {
        if (!(signature instanceof Cluster c)) {
            throw new IllegalArgumentException("not a signature of a SignatureEngine: " + signature);
        }
        if (!c.dead && c.frozen == null) {
            EngineStateBinary.freeze(c);
        }
    }

    /** Whether {@code signature}'s unchanging bytes are encoded and kept for the next write ({@link #encodeForWrite}). */
    public boolean encodedForWrite(Signature signature) {
        return signature instanceof Cluster c && c.frozen != null;
    }

    /**
     * Rebuilds an engine from a snapshot. Signatures beyond config.maxSignatures() (least recently used first)
     * are dropped and counted as evicted.
     *
     * @throws IllegalArgumentException for an unsupported version
     * @throws IllegalStateException    when a stored id does not match its template (corrupt state)
     */
    public static SignatureEngine restore(EngineState state, EngineConfig config) {
        Objects.requireNonNull(state, "state");
        if (state.version != EngineState.CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported engine state version " + state.version
                    + " (this build reads version " + EngineState.CURRENT_VERSION + ")");
        }
        checkMasks(state, config);
        SignatureEngine e = new SignatureEngine(config);
        e.lines = state.lines;
        e.created = state.created;
        e.updated = state.updated;
        e.evicted = state.evicted;
        e.truncatedLines = state.truncatedLines;
        List<EngineState.SignatureState> sigs = state.signatures == null ? List.of() : state.signatures;
        int skip = Math.max(0, sigs.size() - config.maxSignatures());
        e.evicted += skip;
        for (int i = skip; i < sigs.size(); i++) {
            EngineState.SignatureState ss = sigs.get(i);
            String template = ss.template == null ? "" : ss.template;
            Cluster c = new Cluster(Cluster.parseTyped(template, config.masks()), ss.example == null ? "" : ss.example,
                    config.masks());
            if (ss.id != null && !ss.id.equals(c.id)) {
                throw new IllegalStateException("corrupt engine state: signature " + ss.id
                        + " does not match the id of its template " + c.id + " (" + template + ")");
            }
            if (e.byId.containsKey(c.id)) {
                throw new IllegalStateException("corrupt engine state: duplicate signature " + c.id);
            }
            c.count = ss.count;
            if (ss.ancestors != null) {
                for (String a : ss.ancestors) {
                    c.addAncestor(a, config.maxAncestors());
                }
            }
            Cluster migrated = e.remaskedByNewRules(c);
            if (migrated != null) {
                Cluster same = e.byId.get(migrated.id);
                if (same != null) {
                    same.count += migrated.count;
                    for (String a : migrated.ancestors()) {
                        same.addAncestor(a, config.maxAncestors());
                    }
                } else {
                    e.link(migrated);
                }
                e.migrated++;
                continue; // its stored skeleton hashes were the old masker's: not restored
            }
            e.link(c);
            if (ss.skeletons != null) {
                for (long h : ss.skeletons) {
                    e.rememberSkeleton(h, c);
                }
            }
        }
        return e;
    }

    /**
     * Templates name the masks they were built with ({@code <ORDER>}), so a state may only be restored with the
     * same definition of each of them; masks the state does not know (added since) are fine, they only shape
     * templates from now on. A mask removed or changed is a configuration error, not silent template drift.
     */
    private static void checkMasks(EngineState state, EngineConfig config) {
        if (state.masks == null) {
            return;
        }
        for (String spec : state.masks) {
            int eq = spec.indexOf('=');
            String name = eq < 0 ? spec : spec.substring(0, eq);
            UserMask now = config.masks().byName(name);
            if (now == null || !now.spec().equals(spec)) {
                throw new IllegalArgumentException("the engine state was built with mask " + spec + " but the"
                        + " configuration " + (now == null ? "does not define " + name : "defines " + now.spec())
                        + "; restore with the same masks (templates and ids depend on them)");
            }
        }
    }

    private long migrated;

    /** Signatures whose stored template a newer masking rule changed, re-keyed at restore (see restore()). */
    public long migratedAtRestore() {
        return migrated;
    }

    /**
     * Keeps ids traceable when masking rules change between versions: the stored example is masked again with
     * this build's rules; when the stored template no longer covers it (a phrase became one TIME value, a
     * host:port one HOST value), the signature is re-keyed to the template of the re-masked example (keeping the
     * stored wildcards where the token counts agree), with its count and with the OLD id appended to its lineage,
     * so consumers that knew the old id can follow it. Returns null when the template still covers the example,
     * or when the example was cut to maxExampleChars (its tail is unknown, so nothing can be concluded).
     */
    private Cluster remaskedByNewRules(Cluster c) {
        String ex = c.example;
        if (ex == null || ex.isEmpty() || ex.length() >= config.maxExampleChars()) {
            return null;
        }
        LineMasker m = new LineMasker();
        m.useMasks(config.masks());
        m.mask(ex, config.maxLineChars(), config.maxTokens());
        if (m.folded) {
            return null;
        }
        boolean sameCount = m.count == c.tokenCount();
        if (sameCount) {
            boolean covered = true;
            for (int i = 0; i < m.count && covered; i++) {
                covered = TokenMerge.globMatches(c.tpl, c.tokenStart(i), c.tokenEnd(i), m.out, m.start[i], m.end[i]);
            }
            if (covered) {
                return null;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < m.count; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            if (sameCount && c.isWildcard(i)) {
                sb.append(MaskType.ANY.marker());
            } else {
                sb.append(m.out, m.start[i], m.end[i] - m.start[i]);
            }
        }
        Cluster n = new Cluster(sb.toString(), ex, config.masks());
        n.count = c.count;
        for (String a : c.ancestors()) {
            n.addAncestor(a, config.maxAncestors());
        }
        n.addAncestor(c.id, config.maxAncestors());
        return n;
    }

    /** The reused result of {@link #add}. */
    private static final class MatchResult implements Match {
        private Signature signature;
        private Change change;
        private String previousId;
        private boolean truncated;

        MatchResult set(Signature s, Change c, String prev, boolean t) {
            this.signature = s;
            this.change = c;
            this.previousId = prev;
            this.truncated = t;
            return this;
        }

        @Override
        public Signature signature() {
            return signature;
        }

        @Override
        public Change change() {
            return change;
        }

        @Override
        public String previousId() {
            return previousId;
        }

        @Override
        public boolean truncated() {
            return truncated;
        }

        @Override
        public String toString() {
            return change + " " + signature + (previousId == null ? "" : " (was " + previousId + ")");
        }
    }
}
