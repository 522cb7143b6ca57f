package io.sigdrift.pipeline.session;

import io.sigdrift.models.detect.ModelFormatException;
import io.sigdrift.models.score.SessionFinding;
import io.sigdrift.models.score.SessionScorer;
import io.sigdrift.models.score.SessionScorerCodec;
import io.sigdrift.pipeline.anomaly.AnomalyRecord;
import io.sigdrift.pipeline.record.SessionEvent;
import io.sigdrift.pipeline.record.SourceKey;
import io.sigdrift.pipeline.state.WriteBackCache;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.function.Consumer;

/**
 * The session stage, keyed like the count operator (source[+split]): loads the key's {@link SessionScorer}, gives
 * it the event, and emits its findings as SESSION {@link AnomalyRecord}s. All logic is in the scorer (models/);
 * this operator only loads, calls, stores and emits.
 *
 * <p>State: one {@code ValueState<byte[]>} per key, {@link SessionScorerCodec} (versioned; the model inside as
 * {@code ModelCodec} bytes), written back through a {@link WriteBackCache} at snapshots and on eviction (decoding
 * a scorer per event would cost more than scoring). A state that cannot be read (corrupt, or more open sessions
 * than {@code --session-max-open} now allows) fails the restore with the reason rather than silently starting over.
 *
 * <p>Time: sessions close on each source's own event time (see {@link SessionScorer}); one event-time timer per
 * key at the end of time closes the key's remaining sessions when a bounded input ends (its final watermark).
 */
public final class SessionOperator extends AbstractStreamOperator<AnomalyRecord>
        implements OneInputStreamOperator<SessionEvent, AnomalyRecord>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** Fires only at the final watermark of a bounded input (Long.MAX_VALUE). */
    static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    private final SessionSettings settings;
    private final int maxCachedKeys;

    private transient ValueState<byte[]> stored;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient WriteBackCache<Live> cache;
    private transient Counter sessionsFlagged;
    private transient Counter stateWrites;

    public SessionOperator(SessionSettings settings, int maxCachedKeys) {
        if (maxCachedKeys < 1) {
            throw new IllegalArgumentException("maxCachedKeys must be >= 1, was " + maxCachedKeys);
        }
        this.settings = settings;
        this.maxCachedKeys = maxCachedKeys;
    }

    /** A key's live scorer and whether it changed since it was last written. */
    static final class Live {
        final SessionScorer scorer;
        boolean dirty;

        Live(SessionScorer scorer) {
            this.scorer = scorer;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        stored = getPartitionedState(new ValueStateDescriptor<>("session-state", BytePrimitiveArraySerializer.INSTANCE));
        timers = getInternalTimerService("sigdrift-sessions", VoidNamespaceSerializer.INSTANCE, this);
        cache = new WriteBackCache<>(maxCachedKeys, new CacheHost());
        sessionsFlagged = getMetricGroup().counter("sessionAnomalies");
        stateWrites = getMetricGroup().counter("sessionStateWrites");
    }

    @Override
    public void processElement(StreamRecord<SessionEvent> record) throws Exception {
        SessionEvent e = record.getValue();
        Live live = live((String) getCurrentKey());
        live.dirty = true;
        live.scorer.add(e.entity, e.signatureKey, e.template, e.line, e.timestamp, emitter(e.source, e.split));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        Live live = live(key);
        live.dirty = true;
        live.scorer.flush(emitter(SourceKey.sourceOf(key), SourceKey.splitOf(key)));
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // none registered
    }

    private Consumer<SessionFinding> emitter(String source, int split) {
        return f -> {
            sessionsFlagged.inc();
            output.collect(new StreamRecord<>(SessionAnomalies.of(source, split, f), f.session().lastMillis()));
        };
    }

    private Live live(String key) throws Exception {
        Live live = cache.get(key);
        if (live != null) {
            return live;
        }
        byte[] bytes = stored.value();
        SessionScorer scorer;
        if (bytes == null) {
            scorer = new SessionScorer(settings.scorer(), settings.model());
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, END_OF_INPUT);
        } else {
            try {
                scorer = SessionScorerCodec.read(bytes, settings.scorer());
            } catch (ModelFormatException e) {
                throw new IllegalStateException("session state of source " + SourceKey.sourceOf(key)
                        + " cannot be restored: " + e.getMessage(), e);
            }
        }
        live = new Live(scorer);
        cache.put(key, live);
        return live;
    }

    /** Open sessions of a live key (tests, metrics); -1 when the key is not live on this subtask. */
    int openSessions(String key) {
        Live live = cache.get(key);
        return live == null ? -1 : live.scorer.openSessions();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        cache.flushDirty();
    }

    private final class CacheHost implements WriteBackCache.Host<Live> {
        @Override
        public Object getCurrentKey() {
            return SessionOperator.this.getCurrentKey();
        }

        @Override
        public void setCurrentKey(Object key) {
            SessionOperator.this.setCurrentKey(key);
        }

        @Override
        public boolean isDirty(Live v) {
            return v.dirty;
        }

        @Override
        public void writeBack(Live v) throws Exception {
            stored.update(SessionScorerCodec.write(v.scorer));
            stateWrites.inc();
            v.dirty = false;
        }
    }
}
