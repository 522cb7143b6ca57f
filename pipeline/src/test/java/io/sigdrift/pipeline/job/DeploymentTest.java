package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Where the job runs; the submission to a real cluster is tested in the cluster module (FlinkRunOnAClusterIT). */
class DeploymentTest {

    @Test
    void aLocalRunWithAWebPortGetsAMiniClusterServingTheWebUIOnThatPort() {
        Deployment d = new Deployment(2, Path.of("chk"), Duration.ofSeconds(10), "hashmap", null, 18_081, 0);
        StreamExecutionEnvironment env = d.environment();
        assertInstanceOf(LocalStreamEnvironment.class, env);
        assertEquals(18_081, env.getConfiguration().get(RestOptions.PORT));
    }

    @Test
    void theLocalWebUIListensOnLoopbackOnlyBecauseItsRestApiCanCancelJobs() {
        Deployment d = new Deployment(2, Path.of("chk"), Duration.ofSeconds(10), "hashmap", null, 18_081, 0);
        assertEquals("127.0.0.1", d.environment().getConfiguration().get(RestOptions.BIND_ADDRESS));
    }

    @Test
    void theJobsOwnConfigurationCarriesNoRestPortBecauseUnderFlinkRunItWouldRedirectTheSubmission() {
        Deployment d = new Deployment(2, Path.of("chk"), Duration.ofSeconds(10), "hashmap", null, 18_081, 0);
        assertFalse(d.configuration().contains(RestOptions.PORT));
    }
}
