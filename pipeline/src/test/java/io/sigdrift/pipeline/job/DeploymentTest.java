package io.sigdrift.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

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

    @Test
    void aRocksDbJobCompressesWithLz4BecauseTheMemtableFlushIsInsideTheCheckpointPause() {
        Deployment d = new Deployment(2, Path.of("chk"), Duration.ofSeconds(10), "rocksdb", null, 0, 0);
        assertEquals(Deployment.ROCKSDB_COMPRESSION_PER_LEVEL,
                d.environment().getConfiguration().get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
        assertEquals(List.of(CompressionType.LZ4_COMPRESSION), Deployment.ROCKSDB_COMPRESSION_PER_LEVEL);
    }

    @Test
    void aCompressionTheUsersFlinkConfigurationSetsIsKept() {
        Deployment d = new Deployment(2, Path.of("chk"), Duration.ofSeconds(10), "rocksdb", null, 0, 0);
        Configuration given = new Configuration();
        given.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.SNAPPY_COMPRESSION));
        Configuration job = d.configuration();
        d.addBackendDefaults(job, given);
        assertFalse(job.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
    }

    @Test
    void aHeapBackendJobSetsNoRocksDbOption() {
        Deployment d = new Deployment(2, Path.of("chk"), Duration.ofSeconds(10), "hashmap", null, 0, 0);
        Configuration job = d.configuration();
        d.addBackendDefaults(job, new Configuration());
        assertFalse(job.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
    }
}
