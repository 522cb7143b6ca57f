package io.sigdrift.signatures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One live signature. The template is kept as ONE compact string (tokens joined by single spaces, masks as
 * marker chars) plus an int array of token offsets, instead of a String per token: this keeps the retained
 * size per signature at a few hundred bytes (see the memory test and the speed benchmark's report).
 */
final class Cluster implements Signature {
    /** Tokens joined by ' '; masks are marker chars (see {@link MaskType}). */
    String tpl;
    /** offs[i] = start of token i in tpl; offs[n] = tpl.length() + 1. */
    int[] offs;
    String id;
    long count;
    String example;
    /** Oldest first; bounded by maxAncestors. Null while empty (most signatures never generalise). */
    ArrayList<String> ancestorList;
    /** Number of tokens that are exactly one ANY marker. */
    int wildcards;
    /** Evicted or merged into another signature; a fast-path hit on a dead cluster is treated as a miss. */
    boolean dead;
    /** When this signature converged with another one, the one that absorbed it. */
    Cluster mergedInto;
    /** Index in the engine's slot table, and the generation that caches must match (a slot is reused). */
    int slot = -1;
    int gen;
    /** Position in the list {@link EngineStateBinary} is writing (scratch of the writer; fits the object's padding). */
    int writeIndex;
    /**
     * This signature's unchanging part of the binary state (id, template, example, lineage) as
     * {@link EngineStateBinary} writes it, made at its first write and dropped by every change of those fields
     * ({@link #setTemplate}, {@link #addAncestor}, {@link #setId}); null until then. Why: the streaming job writes
     * every live signature of a changed source at each checkpoint, inside the checkpoint pause, while these fields
     * rarely change after a signature's first minutes; copying one array instead of encoding four strings (and
     * rendering the template) per signature, with their scattered objects, was most of the count operator's
     * write-back. Costs its length in heap per written signature (about the signature's checkpointed bytes, see
     * docs/capacity.md).
     */
    byte[] frozen;
    /** Intrusive LRU list: prev is more recent, next is less recent. */
    Cluster prev;
    Cluster next;

    /** The user masks of the engine, to render their markers as {@code <NAME>}. */
    final UserMasks masks;

    Cluster(String tpl, String example, UserMasks masks) {
        this.masks = masks;
        setTemplate(tpl);
        this.example = example;
    }

    void setTemplate(String internal) {
        this.frozen = null;
        this.tpl = internal;
        int n = internal.isEmpty() ? 0 : 1;
        for (int i = 0; i < internal.length(); i++) {
            if (internal.charAt(i) == ' ') {
                n++;
            }
        }
        int[] o = new int[n + 1];
        int t = 0;
        if (n > 0) {
            o[t++] = 0;
            for (int i = 0; i < internal.length(); i++) {
                if (internal.charAt(i) == ' ') {
                    o[t++] = i + 1;
                }
            }
        }
        o[n] = internal.length() + 1;
        this.offs = o;
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (isWildcard(i)) {
                w++;
            }
        }
        this.wildcards = w;
        this.id = SignatureIds.idOf(render(internal, false, masks));
    }

    int tokenStart(int i) {
        return offs[i];
    }

    int tokenEnd(int i) {
        return offs[i + 1] - 1;
    }

    String token(int i) {
        return tpl.substring(offs[i], offs[i + 1] - 1);
    }

    boolean isWildcard(int i) {
        return offs[i + 1] - 1 - offs[i] == 1 && tpl.charAt(offs[i]) == MaskType.ANY.marker();
    }

    /** Gives this signature another id (one that converged with another signature keeps its old one). */
    void setId(String id) {
        this.frozen = null;
        this.id = id;
    }

    void addAncestor(String oldId, int max) {
        if (max == 0) {
            return;
        }
        frozen = null;
        if (ancestorList == null) {
            ancestorList = new ArrayList<>(2);
        }
        ancestorList.remove(oldId);
        ancestorList.add(oldId);
        while (ancestorList.size() > max) {
            ancestorList.remove(0);
        }
    }

    /** Renders an internal template: typed ({@code <NUM>}) or Loghub ({@code <*>}, adjacent masks collapsed). */
    static String render(String internal, boolean loghub, UserMasks masks) {
        StringBuilder sb = new StringBuilder(internal.length() + 16);
        boolean prevMask = false;
        for (int i = 0; i < internal.length(); i++) {
            char c = internal.charAt(i);
            if (MaskType.isMarker(c)) {
                if (loghub) {
                    if (!prevMask) {
                        sb.append("<*>");
                    }
                } else {
                    MaskType t = MaskType.ofMarker(c);
                    if (t != null) {
                        sb.append(t.rendered());
                    } else {
                        sb.append('<').append(masks.label(c)).append('>');
                    }
                }
                prevMask = true;
            } else {
                sb.append(c);
                prevMask = false;
            }
        }
        return sb.toString();
    }

    /** Parses a typed template back to the internal form (known mask labels and user mask names become markers). */
    static String parseTyped(String typed, UserMasks masks) {
        StringBuilder sb = new StringBuilder(typed.length());
        int i = 0;
        while (i < typed.length()) {
            char c = typed.charAt(i);
            if (c == '<') {
                int close = typed.indexOf('>', i + 1);
                if (close > i) {
                    String label = typed.substring(i + 1, close);
                    MaskType t = MaskType.ofLabel(label);
                    char marker = t != null ? t.marker() : masks.markerOf(label);
                    if (marker != 0) {
                        sb.append(marker);
                        i = close + 1;
                        continue;
                    }
                }
            }
            sb.append(LineMasker.isSpace(c) ? ' ' : c);
            i++;
        }
        return sb.toString();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String template() {
        return render(tpl, false, masks);
    }

    @Override
    public String loghubTemplate() {
        return render(tpl, true, masks);
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public List<String> ancestors() {
        return ancestorList == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(ancestorList));
    }

    @Override
    public String example() {
        return example;
    }

    @Override
    public int tokenCount() {
        return offs.length - 1;
    }

    @Override
    public String toString() {
        return id + " " + template() + " (" + count + ")";
    }
}
