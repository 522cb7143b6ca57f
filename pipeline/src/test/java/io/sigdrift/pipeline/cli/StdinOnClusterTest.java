package io.sigdrift.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Standard input is refused at start when the job is submitted to a cluster, and accepted locally. */
class StdinOnClusterTest {

    private static RunSpec stdin() {
        return RunSpec.parse(new String[] {"--input", "-", "--output", "stdout", "--no-checkpoints"});
    }

    @Test
    void stdinUnderFlinkRunIsAClearErrorNamingTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunCommand.requireLocalForStdin(stdin(), false));
        assertTrue(e.getMessage().startsWith("--input -"), e.getMessage());
        assertTrue(e.getMessage().contains("kafka://"), e.getMessage());
    }

    @Test
    void stdinInTheLocalMiniClusterIsAccepted() {
        assertDoesNotThrow(() -> RunCommand.requireLocalForStdin(stdin(), true));
    }
}
