package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static Args args() {
        return new Args("reduce").option("input").option("top").flag("multiline");
    }

    @Test
    void valuesMayFollowAsTheNextArgumentOrAfterAnEqualsSign() throws Exception {
        Args a = args().parse(new String[] {"--input", "a.log", "--input=-", "--top=7", "--multiline"});
        assertEquals(List.of("a.log", "-"), a.all("input"));
        assertEquals(7, a.intValue("top", 50, 0, 100));
        assertTrue(a.has("multiline"));
    }

    @Test
    void anOptionGivenTwiceWhereOnceIsAllowedIsAnError() throws Exception {
        Args a = args().parse(new String[] {"--top", "1", "--top", "2"});
        UsageException e = assertThrows(UsageException.class, () -> a.intValue("top", 50, 0, 100));
        assertTrue(e.getMessage().contains("'--top' given 2 times"), e.getMessage());
    }

    @Test
    void aFlagTakesNoValueAndAnOptionNeedsOne() {
        assertThrows(UsageException.class, () -> args().parse(new String[] {"--multiline=yes"}));
        UsageException e = assertThrows(UsageException.class, () -> args().parse(new String[] {"--input", "--top", "1"}));
        assertEquals("option '--input' needs a value", e.getMessage());
    }

    @Test
    void numbersOutsideTheirRangeNameTheRange() throws Exception {
        Args a = args().parse(new String[] {"--top", "-1"});
        UsageException e = assertThrows(UsageException.class, () -> a.intValue("top", 50, 0, 100));
        assertEquals("option '--top' must be in [0, 100], was -1", e.getMessage());
    }

    @Test
    void optionsDeclaredWithTheirDashesAreTheSameOptions() throws Exception {
        Args a = new Args("run").options(Set.of("--window", "--input")).flags(Set.of("--follow"))
                .parse(new String[] {"--window", "5m", "--follow", "--input=a.log"});
        assertEquals(Duration.ofMinutes(5), a.durationValue("--window", Duration.ofMinutes(1)));
        assertEquals(Duration.ofMinutes(5), a.durationValue("window", Duration.ofMinutes(1)));
        assertTrue(a.has("--follow") && a.has("follow"));
        assertEquals(List.of("a.log"), a.all("--input"));
        UsageException e = assertThrows(UsageException.class,
                () -> new Args("run").options(Set.of("--window")).parse(new String[] {"--windw", "1m"}));
        assertEquals("unknown option '--windw' for 'run' (see 'sigdrift run --help')", e.getMessage());
    }

    @Test
    void durationsTakeAUnitSuffixOrIsoFormAndBadOnesNameTheOption() throws Exception {
        assertEquals(Duration.ofMillis(500), Args.duration("--idleness", "500ms"));
        assertEquals(Duration.ofSeconds(30), Args.duration("--idleness", "30"));
        assertEquals(Duration.ofDays(1), Args.duration("--idleness", "1d"));
        assertEquals(Duration.ofMinutes(1), Args.duration("--idleness", "PT1M"));
        UsageException e = assertThrows(UsageException.class, () -> Args.duration("--idleness", "soon"));
        assertTrue(e.getMessage().startsWith("option '--idleness' must be a duration"), e.getMessage());
    }

    @Test
    void instantsAreADayAMinuteInUtcOrAnIsoInstant() throws Exception {
        assertEquals(Instant.parse("2026-03-14T00:00:00Z"), Args.instant("--now", "2026-03-14"));
        assertEquals(Instant.parse("2026-03-14T08:30:00Z"), Args.instant("--now", "2026-03-14T08:30"));
        assertEquals(Instant.parse("2026-03-14T07:30:00Z"), Args.instant("--now", "2026-03-14T08:30:00+01:00"));
        UsageException e = assertThrows(UsageException.class, () -> Args.instant("--now", "14/03/2026"));
        assertTrue(e.getMessage().startsWith("option '--now' must be a date or time"), e.getMessage());
    }
}
