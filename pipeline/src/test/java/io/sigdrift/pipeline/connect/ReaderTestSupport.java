package io.sigdrift.pipeline.connect;

import io.sigdrift.pipeline.record.RawLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** A source reader outside Flink: a context with unregistered metrics and an output that collects records. */
public final class ReaderTestSupport {
    private ReaderTestSupport() {}

    public static SourceReaderContext context() {
        return new SourceReaderContext() {
            private final SourceReaderMetricGroup metrics = UnregisteredMetricsGroup.createSourceReaderMetricGroup();

            @Override
            public SourceReaderMetricGroup metricGroup() {
                return metrics;
            }

            @Override
            public Configuration getConfiguration() {
                return new Configuration();
            }

            @Override
            public String getLocalHostName() {
                return "localhost";
            }

            @Override
            public int getIndexOfSubtask() {
                return 0;
            }

            @Override
            public void sendSplitRequest() {}

            @Override
            public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(ReaderTestSupport.class.getClassLoader());
            }
        };
    }

    /** Collects records; {@link #texts()} gives the line texts in order. */
    public static final class CollectingOutput implements ReaderOutput<RawLine> {
        public final List<RawLine> records = new ArrayList<>();

        public List<String> texts() {
            return records.stream().map(r -> r.text).toList();
        }

        @Override
        public void collect(RawLine record) {
            records.add(record);
        }

        @Override
        public void collect(RawLine record, long timestamp) {
            records.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<RawLine> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }
}
