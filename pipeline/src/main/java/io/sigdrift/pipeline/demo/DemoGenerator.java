package io.sigdrift.pipeline.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * A seeded, realistic multi-source log stream with labelled incidents. Pure Java (no Flink), shared by
 * {@code sigdrift demo} and the incident evaluation ({@code bin/bench incidents}). Same seed, start,
 * span, scale and schedule → the same lines and incidents.
 *
 * <h2>Sources (native formats)</h2>
 * <ul>
 *   <li>{@code web}: nginx combined access log {@code [dd/MMM/yyyy:HH:mm:ss +0000]}, with Kubernetes
 *       liveness probes from 3 probers every 10 s (the heartbeat);</li>
 *   <li>{@code sshd}: OpenSSH auth log (RFC 3164 syslog): staff and automation sessions, internet
 *       password guessing, and 2 monitoring hosts' SSH checks every 30 s;</li>
 *   <li>{@code app}: a Java shop service, log4j {@code yyyy-MM-dd HH:mm:ss,SSS}, multi-line stack traces
 *       (continuation lines carry no timestamp), heartbeats of 3 workers every 15 s;</li>
 *   <li>{@code elb}: AWS classic ELB access log (ISO-8601, microseconds), with an uptime monitor's
 *       checks from 3 locations every 20 s;</li>
 *   <li>{@code firewall}: UFW kernel messages and snmpd polls from 2 pollers every 30 s (syslog).</li>
 * </ul>
 *
 * <h2>Traffic model</h2>
 * Every non-periodic message series is a Poisson process whose rate is constant within each minute:
 * {@code base x scale x hourOfDay x dayOfWeek x sourceBurst x seriesBurst x incident}. The hour-of-day
 * profile is a business-hours bump over a night floor (per source: staff logins peak late morning,
 * shoppers in the evening, the firewall's internet noise is nearly flat); the 6th and 7th day of every
 * week are a lower weekend (x0.7 to x1.0 by source). Bursts are Gamma(k)/k multipliers with mean 1, drawn per 2-minute
 * block for a whole source (traffic surges hit all its series) and per minute for each series, so
 * window counts are overdispersed (negative-binomial-like), not Poisson. Heartbeats are periodic per
 * host with up to 0.4 s of lag and are not scaled.
 *
 * <h2>Time: the same run from any start date</h2>
 * Everything random or weekly is counted from the start, never from the calendar: the traffic's week
 * begins on the start's day (UTC), bursts are drawn per block since the start, incidents are placed after
 * the start. So a run from {@code 2026-11-30} and one from {@code 2026-12-03} carry the same traffic at the same
 * offsets and the same incidents, and the detectors' verdict does not depend on the weekday the run starts on
 * (with calendar weekends a 3-day demo started on a Thursday had its incident day on a Saturday, 30 % quieter
 * than the two days the detectors learned from). The weekly shape itself stays: a run of two weeks or more
 * has a weekend every 7 days for day-of-week profiles to learn. Only the hour of day is absolute (UTC), as
 * log times are; starts at the same time of day give the same stream. The timestamps' text (month names,
 * syslog's missing year) naturally follows the calendar.
 *
 * <h2>Incidents ({@link IncidentSchedule})</h2>
 * After a quiet lead-in (the detectors' warm-up), time is cut into slots; in every slot each source gets
 * one incident at a random minute in the first 35 % of the slot, of the kind its menu offers that is
 * least used so far (so the five {@link IncidentKind}s stay balanced). Durations (for 12-hour slots;
 * shorter slots shrink them): SPIKE x8-x15 (and at least 2 lines/min) for 20-40 min; DROP to x0.05-x0.15 for 45-90 min; a
 * heartbeat host silent for 60-150 min; a NEW_ERROR at 3-4 per minute (not scaled) for 30-90 min (each a message
 * its source never logged before); SLOW_DRIFT ramping linearly over 2.5-3.5 h to x4 (or x0.25,
 * alternately) then holding for an hour. {@code elb} has no error messages of its own, so no NEW_ERROR.
 *
 * <h2>Code</h2>
 * This class is the facade; the concerns live in {@link TrafficModel} (rates, bursts, streams, merge),
 * {@link DemoSources} and {@link SecondFormats} (the five sources and their log formats),
 * {@link IncidentSchedule} (when incidents happen) and {@link DemoWriter} (the files).
 */
public final class DemoGenerator implements Iterable<DemoGenerator.Line> {
    public static final long DEFAULT_SEED = 20_240_601L;
    /** The demo: three days, the last of which carries the incidents (the first two are warm-up and profiles). */
    public static final Duration DEFAULT_SPAN = Duration.ofDays(3);
    /** About 150 lines per minute of traffic plus ~47 heartbeats per minute. */
    public static final double DEFAULT_SCALE = 0.1;
    public static final List<String> SOURCES = List.of("web", "sshd", "app", "elb", "firewall");
    /** The attacker's address in SPIKE incidents of sshd, web and firewall (TEST-NET-3, never used by normal traffic). */
    public static final String ATTACKER_IP = "203.0.113.77";

    /** A SPIKE raises its series to at least this many lines per minute (not scaled). */
    static final double SPIKE_MIN_PER_MINUTE = 2.0;

    /**
     * One generated line; continuation lines of a multi-line event share its timestamp.
     *
     * @param series the generator's message series, e.g. {@code app/order} (ground truth for evaluations)
     */
    public record Line(String source, long timestamp, String text, String series) {}

    private final long start;
    private final long end;
    private final List<DemoSources.SourceSpec> specs;
    private final IncidentSchedule.Placement placement;
    private final TrafficModel traffic;

    /** With the default schedule for the span ({@link IncidentSchedule#forSpan}). */
    public DemoGenerator(long seed, Instant start, Duration span, double scale) {
        this(seed, start, span, scale, IncidentSchedule.forSpan(span));
    }

    /**
     * @param scale multiplies the traffic rates (1.0 ≈ 1,500 lines/min); heartbeats are not scaled
     */
    public DemoGenerator(long seed, Instant start, Duration span, double scale, IncidentSchedule schedule) {
        if (span == null || span.isNegative() || span.toMinutes() < 10) {
            throw new IllegalArgumentException("span must be >= 10 minutes, was " + span);
        }
        if (!(scale > 0) || scale > 1000) {
            throw new IllegalArgumentException("scale must be in (0, 1000], was " + scale);
        }
        if (schedule == null) throw new IllegalArgumentException("schedule must not be null");
        this.start = start.toEpochMilli();
        this.end = this.start + span.toMillis();
        this.specs = new DemoSources(this.start).all();
        this.placement = schedule.place(seed, this.start, this.end, specs);
        this.traffic = new TrafficModel(seed, this.start, this.end, scale);
    }

    /** The demo's defaults starting at {@code start}. */
    public static DemoGenerator withDefaults(Instant start) {
        return new DemoGenerator(DEFAULT_SEED, start, DEFAULT_SPAN, DEFAULT_SCALE);
    }

    /** The labelled incidents, in start order. */
    public List<Incident> incidents() {
        return placement.incidents();
    }

    public Instant start() {
        return Instant.ofEpochMilli(start);
    }

    public Instant end() {
        return Instant.ofEpochMilli(end);
    }

    /** All lines of all sources merged in event-time order. */
    @Override
    public Iterator<Line> iterator() {
        return traffic.lines(specs, placement);
    }

    /** Writes {@code dir/<source>.log} for every source; returns the number of lines written. */
    public long writeFiles(Path dir) throws IOException {
        return DemoWriter.write(this, SOURCES, dir);
    }
}
