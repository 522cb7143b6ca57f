package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
