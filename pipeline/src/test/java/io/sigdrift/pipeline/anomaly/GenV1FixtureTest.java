package io.sigdrift.pipeline.anomaly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

class GenV1FixtureTest {
    static KeyedTwoInputStreamOperatorTestHarness<String, io.sigdrift.pipeline.record.CountRecord, io.sigdrift.pipeline.record.SignatureEvent, AnomalyRecord> h() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new AnomalyFunction(AnomalyScenario.settings().build())),
                new AnomalyStage.CountKey(), new AnomalyStage.SignatureKey(), Types.STRING);
    }

    @Test
    void gen() throws Exception {
        Path dir = Path.of("src/test/resources/anomaly");
        var a = h();
        a.setProcessingTime(1_000);
        a.open();
        AnomalyScenario.phaseA(AnomalyScenario.into(a));
        List<AnomalyRecord> before = AnomalyScenario.drain(a);
        before.forEach(r -> System.out.println("A " + AnomalyJson.encode(r)));
        OperatorSubtaskState snap = a.snapshot(1, 1);
        OperatorSnapshotUtil.writeStateHandle(snap, dir.resolve("operator-snapshot-v1.bin").toString());
        AnomalyScenario.phaseB(AnomalyScenario.into(a));
        List<String> straight = AnomalyScenario.stable(AnomalyScenario.drain(a));
        a.close();

        var b = h();
        b.setup();
        b.initializeState(OperatorSnapshotUtil.readStateHandle(dir.resolve("operator-snapshot-v1.bin").toString()));
        b.setProcessingTime(2_000);
        b.open();
        AnomalyScenario.phaseB(AnomalyScenario.into(b));
        List<AnomalyRecord> after = AnomalyScenario.drain(b);
        after.forEach(r -> System.out.println("B " + AnomalyJson.encode(r)));
        List<String> restored = AnomalyScenario.stable(after);
        System.out.println("same: " + straight.equals(restored));
        Files.write(dir.resolve("after-restore-v1.txt"), restored);
        b.close();
    }
}
