package io.sigdrift.pipeline.session;

import io.sigdrift.pipeline.anomaly.AnomalyRecord;
import io.sigdrift.pipeline.record.SessionEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Wires the session stage onto the count operator's session events:
 * <pre>
 *   count operator ─SESSIONS side output─ keyBy(source[+split]) → {@link SessionOperator} → SESSION anomalies
 * </pre>
 * Keyed like the count operator, so signature keys are those of the source's own engine. Fixed uid.
 */
public final class SessionStage {
    public static final String UID_SESSIONS = "sigdrift-sessions";

    private SessionStage() {}

    public static DataStream<AnomalyRecord> attach(DataStream<SessionEvent> events, SessionSettings settings,
                                                   int maxCachedKeys) {
        return events.keyBy(new EventKey(), Types.STRING)
                .transform("sessions", TypeInformation.of(AnomalyRecord.class), new SessionOperator(settings, maxCachedKeys))
                .uid(UID_SESSIONS);
    }

    /** The count operator's key, carried in the event. */
    public static final class EventKey implements KeySelector<SessionEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SessionEvent e) {
            return e.key;
        }
    }
}
