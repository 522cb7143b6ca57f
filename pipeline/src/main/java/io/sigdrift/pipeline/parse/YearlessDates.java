package io.sigdrift.pipeline.parse;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Gives a year to a date written without one (syslog {@code Dec 10 06:55:46}, logcat {@code 03-17 16:13:38.811},
 * glog {@code I1205 ...}): the year that puts it nearest to the record's reference time ("now", passed per call)
 * without lying more than {@code maxFuture} ahead of it. So {@code Dec 10} read on Dec 5 is last year's,
 * {@code Dec 31 23:59} read on Jan 1 is last year's, {@code Jan 1 00:00} read on Dec 31 23:59:30 is next year's
 * when it is within {@code maxFuture}, and a job that runs for months keeps dating lines right: nothing is frozen
 * at start.
 *
 * <p>Cost: the starts of the reference's year and of the years around it are cached and recomputed only when
 * the reference leaves that year, so the common case is a table lookup and three additions, no calendar math and
 * no allocation (in UTC; another {@code --zone} asks the zone rules for the offset, which allocates).
 *
 * <p>Not thread-safe (a mutable cache); one per {@link TimestampParser}.
 */
final class YearlessDates implements Serializable {
    private static final long serialVersionUID = 1L;
    static final long DAY_MS = 86_400_000L;
    /** Days before the first of each month in a common year. */
    private static final int[] DAYS_BEFORE = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    private static final int[] MONTH_DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private final ZoneId zone;
    private final boolean utc;
    private final long maxFutureMillis;
    /** Year of the cached reference (zone-local). */
    private int year;
    /** Zone-local midnight of Jan 1 of year-1, year, year+1 as epoch ms read in UTC ("local-as-UTC"); the cache
     *  holds while the reference lies in [starts[1], starts[2]). Starts empty so the first call fills it. */
    private final long[] starts = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
    private final boolean[] leap = new boolean[3];
    /** How many times the cache was recomputed (tests check that the common case does not). */
    private long recomputations;

    YearlessDates(ZoneId zone, long maxFutureMillis) {
        this.zone = zone;
        this.utc = zone.normalized().equals(ZoneOffset.UTC);
        this.maxFutureMillis = maxFutureMillis;
    }

    /**
     * @param timeOfDayMillis milliseconds since local midnight
     * @param now             the record's reference time, epoch ms
     * @return the local date-time as epoch ms read in UTC (the caller applies the zone), or
     *         {@link TimestampParser#NONE} when month/day is no date (Apr 31)
     */
    long localMillis(int month, int day, long timeOfDayMillis, long now) {
        if (month < 1 || month > 12 || day < 1 || day > (month == 2 ? 29 : MONTH_DAYS[month - 1])) {
            return TimestampParser.NONE;
        }
        long nowLocal = utc ? now : now + offsetMillis(now);
        if (nowLocal < starts[1] || nowLocal >= starts[2]) {
            recompute(nowLocal);
        }
        long limit = nowLocal + maxFutureMillis;
        long best = TimestampParser.NONE;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            if (month == 2 && day == 29 && !leap[i]) {
                continue;
            }
            long t = starts[i] + (DAYS_BEFORE[month - 1] + (leap[i] && month > 2 ? 1 : 0) + day - 1) * DAY_MS + timeOfDayMillis;
            if (t > limit) {
                continue;
            }
            long distance = Math.abs(t - nowLocal);
            if (distance < bestDistance) {
                best = t;
                bestDistance = distance;
            }
        }
        if (best == TimestampParser.NONE && month == 2 && day == 29) {
            // rare: Feb 29 with no leap year among the three around the reference: the latest leap year before
            for (int y = year - 2; y >= year - 8; y--) {
                if (isLeap(y)) {
                    return TimestampParser.daysFromCivil(y, 2, 29) * DAY_MS + timeOfDayMillis;
                }
            }
        }
        return best;
    }

    long recomputations() {
        return recomputations;
    }

    private void recompute(long nowLocal) {
        recomputations++;
        long days = Math.floorDiv(nowLocal, DAY_MS);
        int y = (int) Math.floorDiv(days * 400, 146_097L) + 1970;   // within one year of the truth
        while (TimestampParser.daysFromCivil(y, 1, 1) > days) {
            y--;
        }
        while (TimestampParser.daysFromCivil(y + 1, 1, 1) <= days) {
            y++;
        }
        year = y;
        for (int i = 0; i < 3; i++) {
            starts[i] = TimestampParser.daysFromCivil(y - 1 + i, 1, 1) * DAY_MS;
            leap[i] = isLeap(y - 1 + i);
        }
    }

    private long offsetMillis(long now) {
        return zone.getRules().getOffset(Instant.ofEpochMilli(now)).getTotalSeconds() * 1000L;
    }

    static boolean isLeap(int y) {
        return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
    }
}
