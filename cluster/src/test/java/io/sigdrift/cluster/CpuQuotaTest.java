package io.sigdrift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link CpuQuota} writes, in a plain directory standing in for the cgroup file system. */
class CpuQuotaTest {

    @TempDir
    Path root;

    @Test
    void aHalfCpuIsFiftyMillisecondsOfEveryHundredInBothHierarchies() {
        assertEquals("50000", CpuQuota.quotaLine(CpuQuota.Version.V1, 0.5));
        assertEquals("50000 100000", CpuQuota.quotaLine(CpuQuota.Version.V2, 0.5));
        assertEquals("150000 100000", CpuQuota.quotaLine(CpuQuota.Version.V2, 1.5), "more than one CPU is a quota above the period");
    }

    @Test
    void inCgroupV1eachProcessGetsItsOwnGroupWithPeriodQuotaAndItsPid() throws Exception {
        Files.writeString(root.resolve("cgroup.procs"), "1\n");   // the root group's own file, as the kernel has it
        Path group;
        try (CpuQuota q = CpuQuota.open(root, CpuQuota.Version.V1, 0.5)) {
            q.limit("taskmanager-1", 4242);
            q.limit("taskmanager-2", 4343);
            group = root.resolve("sigdrift-" + ProcessHandle.current().pid());
            Path tm1 = group.resolve("taskmanager-1");
            assertEquals("100000", Files.readString(tm1.resolve("cpu.cfs_period_us")));
            assertEquals("50000", Files.readString(tm1.resolve("cpu.cfs_quota_us")));
            assertEquals("4242", Files.readString(tm1.resolve("cgroup.procs")));
            assertEquals("4343", Files.readString(group.resolve("taskmanager-2/cgroup.procs")));
        }
        assertFalse(Files.exists(group), "closing removes the groups it made");
        assertEquals("4343", Files.readString(root.resolve("cgroup.procs")).trim(),
                "and moves what was left in them back to the root group (the last write is what a plain file keeps)");
    }

    @Test
    void inCgroupV2theCpuControllerIsEnabledDownToTheGroupAndCpuMaxIsSet() throws Exception {
        try (CpuQuota q = CpuQuota.open(root, CpuQuota.Version.V2, 0.25)) {
            q.limit("taskmanager-1", 4242);
            Path group = root.resolve("sigdrift-" + ProcessHandle.current().pid());
            assertEquals("+cpu", Files.readString(root.resolve("cgroup.subtree_control")));
            assertEquals("+cpu", Files.readString(group.resolve("cgroup.subtree_control")));
            assertEquals("25000 100000", Files.readString(group.resolve("taskmanager-1/cpu.max")));
            assertEquals("4242", Files.readString(group.resolve("taskmanager-1/cgroup.procs")));
        }
    }

    @Test
    void aBudgetBelowOnePercentOrNotANumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CpuQuota.open(root, CpuQuota.Version.V1, 0.001));
        assertThrows(IllegalArgumentException.class, () -> CpuQuota.open(root, CpuQuota.Version.V1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CpuQuota.open(root, CpuQuota.Version.V1, Double.POSITIVE_INFINITY));
        assertTrue(Files.notExists(root.resolve("sigdrift-" + ProcessHandle.current().pid())), "nothing is created for a refused budget");
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        CpuQuota q = CpuQuota.open(root, CpuQuota.Version.V1, 0.5);
        q.limit("taskmanager-1", 4242);
        q.close();
        q.close();
        assertFalse(Files.exists(root.resolve("sigdrift-" + ProcessHandle.current().pid())));
    }
}
