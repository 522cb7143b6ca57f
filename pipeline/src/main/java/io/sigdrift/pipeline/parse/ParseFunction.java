package io.sigdrift.pipeline.parse;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import java.time.Clock;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink wrapper of {@link LineParser}: parsed events go to the main output, bad records to
 * {@link #DEAD_LETTERS}. Chained to the source, so per-file line order is preserved up to the keyed
 * operator, which resolves {@link ParseConfig.MissingTime#INHERIT} and joins {@code --multiline}
 * continuation lines per source. Keeps no state of its own (nothing to checkpoint).
 *
 * <p>"Now" comes from the job's {@link Clock} and is read per record: it bounds timestamps
 * ({@code --max-future}), dates yearless syslog times and stamps lines that carry no time. Read per record
 * (not once at {@code open}) so a job running for weeks does not judge today's lines by its start day; a
 * test or a replay passes a fixed or offset clock so the verdicts do not depend on the day it runs.
 *
 * <p>Metrics (operator group): {@code linesIn}, {@code linesInPerSecond}, {@code deadLetters},
 * {@code emptyLines}, {@code truncatedLines}, {@code repairedLines} (control characters replaced); lines per
 * time origin {@code timeParsed}, {@code timeInherit} (no timestamp, resolved downstream to the source's
 * previous time), {@code timeIngestion} (no timestamp, wall clock),
 * {@code continuationLines} ({@code --multiline}); {@code timeSourcesTracked}, {@code timeSourcesEvicted}
 * (the parser's bounded per-source timestamp state). The same counts, and the warnings about sources whose
 * lines mostly lack a timestamp (also logged at WARN), are accumulators for the CLI summary.
 */
public final class ParseFunction extends ProcessFunction<RawLine, ParsedLine> {
    private static final long serialVersionUID = 1L;

    public static final String ACC_LINES = "sigdrift.linesIn";
    public static final String ACC_DEAD_LETTERS = "sigdrift.parseDeadLetters";
    public static final String ACC_TIME_PARSED = "sigdrift.timeParsed";
    public static final String ACC_TIME_INHERIT = "sigdrift.timeInherit";
    public static final String ACC_TIME_INGESTION = "sigdrift.timeIngestion";
    public static final String ACC_TIME_WARNINGS = "sigdrift.timeWarnings";
    /** Warnings a subtask passes to the summary (one per source; more are only logged). */
    public static final int MAX_SUMMARY_WARNINGS = 20;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("parse-dead-letters") {};
    private static final Logger LOG = LoggerFactory.getLogger(ParseFunction.class);

    private final ParseConfig config;
    private final Clock clock;
    private transient LineParser parser;
    private transient Counter linesIn;
    private transient Counter deadLetters;
    private transient Adapter adapter;
    /** Job-level totals for the CLI summary (metrics are gone once a local job ends). */
    private transient LongCounter linesTotal;
    private transient LongCounter deadLettersTotal;
    private transient Counter timeParsed;
    private transient Counter timeInherit;
    private transient Counter timeIngestion;
    private transient Counter continuationLines;
    private transient LongCounter timeParsedTotal;
    private transient LongCounter timeInheritTotal;
    private transient LongCounter timeIngestionTotal;
    private transient ListAccumulator<String> warnings;
    private transient int warningsPassed;

    /** @param clock the job's "now" ({@code JobConfig#clock()}); must be Serializable */
    public ParseFunction(ParseConfig config, Clock clock) {
        if (config == null || clock == null) {
            throw new IllegalArgumentException("config and clock are required");
        }
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new LineParser(config);
        var metrics = getRuntimeContext().getMetricGroup();
        linesIn = metrics.counter("linesIn");
        metrics.meter("linesInPerSecond", new MeterView(linesIn));
        deadLetters = metrics.counter("deadLetters");
        metrics.gauge("emptyLines", () -> parser.emptyLines());
        metrics.gauge("truncatedLines", () -> parser.truncatedLines());
        metrics.gauge("repairedLines", () -> parser.repairedLines());
        timeParsed = metrics.counter("timeParsed");
        timeInherit = metrics.counter("timeInherit");
        timeIngestion = metrics.counter("timeIngestion");
        continuationLines = metrics.counter("continuationLines");
        metrics.gauge("timeSourcesTracked", () -> parser.trackedSources());
        metrics.gauge("timeSourcesEvicted", () -> parser.evictedSources());
        adapter = new Adapter();
        linesTotal = new LongCounter();
        deadLettersTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ACC_LINES, linesTotal);
        getRuntimeContext().addAccumulator(ACC_DEAD_LETTERS, deadLettersTotal);
        timeParsedTotal = new LongCounter();
        timeInheritTotal = new LongCounter();
        timeIngestionTotal = new LongCounter();
        warnings = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACC_TIME_PARSED, timeParsedTotal);
        getRuntimeContext().addAccumulator(ACC_TIME_INHERIT, timeInheritTotal);
        getRuntimeContext().addAccumulator(ACC_TIME_INGESTION, timeIngestionTotal);
        getRuntimeContext().addAccumulator(ACC_TIME_WARNINGS, warnings);
    }

    /** End of input (or cancel): sources too short to have been judged get their warning now. */
    @Override
    public void close() {
        if (parser != null && adapter != null) {
            parser.finish(adapter);
        }
    }

    @Override
    public void processElement(RawLine value, Context ctx, Collector<ParsedLine> out) {
        linesIn.inc();
        linesTotal.add(1L);
        adapter.ctx = ctx;
        adapter.out = out;
        parser.parse(value, clock.millis(), adapter);
    }

    /** Reused per subtask so parsing a line allocates no callback object. */
    private final class Adapter implements LineParser.Output {
        Context ctx;
        Collector<ParsedLine> out;

        @Override
        public void line(ParsedLine line) {
            if (line.continuation) {
                continuationLines.inc();
            } else if (line.timeOrigin == ParsedLine.TimeOrigin.PARSED) {
                timeParsed.inc();
                timeParsedTotal.add(1L);
            } else if (line.timeOrigin == ParsedLine.TimeOrigin.INHERITED) {
                timeInherit.inc();
                timeInheritTotal.add(1L);
            } else {
                timeIngestion.inc();
                timeIngestionTotal.add(1L);
            }
            out.collect(line);
        }

        @Override
        public void timeWarning(String source, String warning) {
            LOG.warn("{}", warning);
            if (warningsPassed < MAX_SUMMARY_WARNINGS) {
                warningsPassed++;
                warnings.add(warning);
            }
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.inc();
            deadLettersTotal.add(1L);
            ctx.output(DEAD_LETTERS, deadLetter);
        }
    }
}
