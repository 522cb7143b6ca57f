package io.sigdrift.pipeline.connect.stdin;

import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands the one stdin split to reader 0 (once) and tells every reader there is nothing more. */
final class StdinEnumerator implements SplitEnumerator<StdinSplit, Boolean> {
    static final int READER = 0;

    private final SplitEnumeratorContext<StdinSplit> context;
    private StdinSplit unassigned;

    StdinEnumerator(SplitEnumeratorContext<StdinSplit> context, boolean assigned) {
        this.context = context;
        this.unassigned = assigned ? null : new StdinSplit(0);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<StdinSplit> splits, int subtaskId) {
        if (!splits.isEmpty()) {
            unassigned = splits.get(0);
            if (context.registeredReaders().containsKey(READER)) {
                addReader(READER);
            }
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (subtaskId == READER && unassigned != null) {
            context.assignSplit(unassigned, READER);
            unassigned = null;
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public Boolean snapshotState(long checkpointId) {
        return unassigned == null;
    }

    @Override
    public void close() {}
}
