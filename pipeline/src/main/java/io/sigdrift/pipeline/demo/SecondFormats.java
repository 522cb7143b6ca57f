package io.sigdrift.pipeline.demo;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The log formats' timestamp texts (syslog, CLF, log4j, ISO with microseconds), all in UTC. Formats of one
 * second are cached: lines of a second share their timestamp text, so the formatting (which dominated the
 * generator's cost) runs about once per second per stream.
 */
final class SecondFormats {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static LocalDateTime utc(long ms) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC);
    }

    static StringBuilder pad(StringBuilder sb, int v, int width) {
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(d);
    }

    private long second = Long.MIN_VALUE;
    private String syslog;
    private String clf;
    private String isoSecond;

    private void at(long ms) {
        long sec = Math.floorDiv(ms, 1000);
        if (sec == second) {
            return;
        }
        second = sec;
        LocalDateTime d = utc(ms);
        StringBuilder sb = new StringBuilder(32);
        sb.append(MONTHS[d.getMonthValue() - 1]).append(' ');
        if (d.getDayOfMonth() < 10) {
            sb.append(' ');
        }
        sb.append(d.getDayOfMonth()).append(' ');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        syslog = sb.toString();
        sb.setLength(0);
        pad(sb, d.getDayOfMonth(), 2).append('/').append(MONTHS[d.getMonthValue() - 1]).append('/');
        pad(sb, d.getYear(), 4).append(':');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2).append(" +0000");
        clf = sb.toString();
        sb.setLength(0);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        isoSecond = sb.toString();
    }

    String syslog(long ms) {
        at(ms);
        return syslog;
    }

    String clf(long ms) {
        at(ms);
        return clf;
    }

    /** yyyy-MM-dd HH:mm:ss,SSS */
    String log4j(long ms) {
        at(ms);
        StringBuilder sb = new StringBuilder(23).append(isoSecond).append(',');
        pad(sb, (int) Math.floorMod(ms, 1000), 3);
        sb.setCharAt(10, ' ');
        return sb.toString();
    }

    /** yyyy-MM-ddTHH:mm:ss.SSSuuuZ */
    String isoMicros(long ms, int micros) {
        at(ms);
        StringBuilder sb = new StringBuilder(27).append(isoSecond).append('.');
        pad(sb, (int) Math.floorMod(ms, 1000), 3);
        pad(sb, micros, 3);
        return sb.append('Z').toString();
    }
}
