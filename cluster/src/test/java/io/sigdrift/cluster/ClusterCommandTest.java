package io.sigdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {

    @Test
    void aProbesJobOptionsAreFlinkSettingsSplitOnWhitespace() {
        assertEquals(List.of("-Dstate.backend.rocksdb.compression.per.level=NO_COMPRESSION;LZ4_COMPRESSION", "-Da.b=1"),
                ClusterCommand.jobOptions("  -Dstate.backend.rocksdb.compression.per.level=NO_COMPRESSION;LZ4_COMPRESSION   -Da.b=1 "));
        assertEquals(List.of(), ClusterCommand.jobOptions(""));
    }

    @Test
    void aJobOptionThatIsNotAFlinkSettingIsRefusedWithItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterCommand.jobOptions("--parallelism 4"));
        assertTrue(e.getMessage().contains("'--parallelism'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterCommand.jobOptions("-D=x"));
    }

    @Test
    void aFlagWithoutItsValueIsRefusedRatherThanReadPastTheEnd() {
        List<String> args = new ArrayList<>(List.of("--sources"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScalingBenchmark.take(args, "--sources", "100"));
        assertEquals("--sources needs a value", e.getMessage());
    }
}
