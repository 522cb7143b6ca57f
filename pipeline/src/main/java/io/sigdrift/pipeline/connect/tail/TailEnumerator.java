package io.sigdrift.pipeline.connect.tail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescans the input paths every discovery interval (in the coordinator's worker thread) and hands each new file's
 * split to a reader (in the coordinator thread, where all state lives). Which files are new is {@link FileTable}'s
 * decision. A split goes to reader {@code hash(path) mod parallelism}, so a file keeps its reader across restarts;
 * a split whose reader is not registered yet waits in {@code pending} (checkpointed).
 */
final class TailEnumerator implements SplitEnumerator<TailSplit, TailEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(TailEnumerator.class);
    /** Bound of the set of scan failures already logged (so a persistent failure is logged once). */
    private static final int MAX_REMEMBERED_FAILURES = 10_000;

    private final SplitEnumeratorContext<TailSplit> context;
    private final List<String> roots;
    private final TailSettings settings;
    private final FileTable table;
    private final List<TailSplit> pending;
    private final Set<String> loggedFailures = new HashSet<>();
    private long loggedIgnored;

    TailEnumerator(SplitEnumeratorContext<TailSplit> context, List<String> roots, TailSettings settings,
                   TailEnumeratorState restored) {
        this.context = context;
        this.roots = roots;
        this.settings = settings;
        this.table = new FileTable(restored.files(), settings.maxTrackedFiles());
        this.pending = new ArrayList<>(restored.pending());
    }

    @Override
    public void start() {
        context.metricGroup().gauge("followedFiles", () -> table.files().size());
        context.metricGroup().gauge("renamedFilesSkipped", table::renames);
        context.metricGroup().gauge("filesIgnoredOverLimit", table::ignored);
        context.callAsync(() -> FileScanner.scan(roots), this::onScan, 0, settings.discoveryIntervalMillis());
    }

    private void onScan(FileScanner.Scan scan, Throwable error) {
        if (error != null) {
            LOG.warn("follow: scanning {} failed: {}", roots, error.toString());
            return;
        }
        for (String failure : scan.failures()) {
            if (loggedFailures.size() < MAX_REMEMBERED_FAILURES && loggedFailures.add(failure)) {
                LOG.warn("follow: cannot read {}; skipped", failure);
            }
        }
        long renamesBefore = table.renames();
        List<TailSplit> created = table.update(scan.files());
        if (table.renames() > renamesBefore) {
            LOG.info("follow: {} renamed (rotated) file(s) not read again under their new name", table.renames() - renamesBefore);
        }
        if (table.ignored() > loggedIgnored) {
            LOG.warn("follow: {} new file(s) ignored: more than {} files tracked", table.ignored() - loggedIgnored,
                    settings.maxTrackedFiles());
            loggedIgnored = table.ignored();
        }
        if (!created.isEmpty()) {
            LOG.info("follow: {} new file(s), e.g. {}", created.size(), created.get(0).path());
        }
        pending.addAll(created);
        assignPending();
    }

    private void assignPending() {
        int parallelism = context.currentParallelism();
        for (Iterator<TailSplit> it = pending.iterator(); it.hasNext(); ) {
            TailSplit split = it.next();
            int owner = ownerOf(split.path(), parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                context.assignSplit(split, owner);
                it.remove();
            }
        }
    }

    static int ownerOf(String path, int parallelism) {
        return Math.floorMod(path.hashCode(), parallelism);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // push model: splits are assigned as files are discovered
    }

    @Override
    public void addSplitsBack(List<TailSplit> splits, int subtaskId) {
        // splits assigned after the last checkpoint of a failed reader: assigned again once it is back
        pending.addAll(splits);
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending();
    }

    @Override
    public TailEnumeratorState snapshotState(long checkpointId) {
        return new TailEnumeratorState(new java.util.LinkedHashMap<>(table.files()), List.copyOf(pending));
    }

    @Override
    public void close() {}
}
