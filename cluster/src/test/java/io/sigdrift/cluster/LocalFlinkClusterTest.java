package io.sigdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalFlinkClusterTest {

    @Test
    void aTaskManagersJvmOptionsAreFlinksThenTheGcGoalThenTheUsersWhichWin() {
        List<String> jvm = LocalFlinkCluster.taskManagerJvm(List.of("-Xmx3g", "-XX:MaxDirectMemorySize=1g"),
                List.of("-XX:MaxGCPauseMillis=20", "-Xlog:gc:file=/tmp/%tm.log"), "taskmanager-2");
        assertEquals(List.of("-Xmx3g", "-XX:MaxDirectMemorySize=1g", "-XX:MaxGCPauseMillis=50",
                "-XX:MaxGCPauseMillis=20", "-Xlog:gc:file=/tmp/taskmanager-2.log"), jvm,
                "the JVM takes the last of a repeated flag, so a user's own goal overrides the default");
    }
}
