package io.sigdrift.models.session;

import io.sigdrift.signatures.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntityKeyTest {
    static final String HDFS_LINE = "081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block "
            + "blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010";

    @Test
    void anHdfsBlockIdIsFoundByItsPattern() {
        assertEquals("blk_-1608999687919862906", EntityKey.pattern("blk_-?\\d+").extract(HDFS_LINE, null));
    }

    @Test
    void aGroupSelectsThePartOfTheMatch() {
        EntityKey k = EntityKey.pattern("request_id=([0-9a-f]{8})");
        assertEquals("00c0ffee", k.extract("GET /api 200 request_id=00c0ffee took 3ms", null));
        assertNull(k.extract("GET /api 200 took 3ms", null), "no id: no session");
    }

    @Test
    void aParameterPositionTakesThatParameterOfTheSignature() {
        EntityKey k = EntityKey.parameterPosition(3);
        assertTrue(k.needsParameters());
        List<Parameter> p = List.of(new Parameter(1, "NUM", "42"), new Parameter(3, "*", "alice"));
        assertEquals("alice", k.extract("ignored", p));
        assertNull(k.extract("ignored", List.of(new Parameter(1, "NUM", "42"))));
    }

    @Test
    void badPatternsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntityKey.pattern("blk_(\\d+"));
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EntityKey.pattern("\\d*"));
        assertTrue(e.getMessage().contains("empty string"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntityKey.parameterPosition(-1));
    }
}
