package io.sigdrift.pipeline.parse;

import io.sigdrift.pipeline.record.DeadLetter;
import io.sigdrift.pipeline.record.ParsedLine;
import io.sigdrift.pipeline.record.RawLine;
import java.time.Clock;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

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
 * {@code emptyLines}.
 */
public final class ParseFunction extends ProcessFunction<RawLine, ParsedLine> {
    private static final long serialVersionUID = 1L;

    public static final String ACC_LINES = "sigdrift.linesIn";
    public static final String ACC_DEAD_LETTERS = "sigdrift.parseDeadLetters";
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("parse-dead-letters") {};

    private final ParseConfig config;
    private final Clock clock;
    private transient LineParser parser;
    private transient Counter linesIn;
    private transient Counter deadLetters;
    private transient Adapter adapter;
    /** Job-level totals for the CLI summary (metrics are gone once a local job ends). */
    private transient LongCounter linesTotal;
    private transient LongCounter deadLettersTotal;

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
        parser = new LineParser(config, clock.millis());
        var metrics = getRuntimeContext().getMetricGroup();
        linesIn = metrics.counter("linesIn");
        metrics.meter("linesInPerSecond", new MeterView(linesIn));
        deadLetters = metrics.counter("deadLetters");
        metrics.gauge("emptyLines", () -> parser.emptyLines());
        adapter = new Adapter();
        linesTotal = new LongCounter();
        deadLettersTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ACC_LINES, linesTotal);
        getRuntimeContext().addAccumulator(ACC_DEAD_LETTERS, deadLettersTotal);
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
            out.collect(line);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.inc();
            deadLettersTotal.add(1L);
            ctx.output(DEAD_LETTERS, deadLetter);
        }
    }
}
