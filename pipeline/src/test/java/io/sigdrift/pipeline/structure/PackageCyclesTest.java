package io.sigdrift.pipeline.structure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code pipeline/} form a layered graph a newcomer can read top-down:
 * {@code cli} (commands and flags) uses {@code job} (the Flink wiring), which uses the operators'
 * packages ({@code anomaly}, {@code parse}, {@code state}) and the {@code record} types; {@code demo}
 * is used by {@code cli} only. A cycle between two packages means neither can be understood (or moved
 * into its own module) without the other, so any cycle fails the build.
 */
class PackageCyclesTest {
    private static final JavaClasses PIPELINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sigdrift.pipeline");

    @Test
    void pipelinePackagesHaveNoCycles() {
        slices().matching("io.sigdrift.pipeline.(*)..").should().beFreeOfCycles().check(PIPELINE);
    }

    @Test
    void theCheckSeesTheProductClassesOfEveryLayer() {
        // Guards the rule above against passing vacuously (e.g. if the import found nothing).
        for (String pkg : new String[] {"cli", "job", "anomaly", "demo", "record", "state"}) {
            String prefix = "io.sigdrift.pipeline." + pkg + ".";
            assertTrue(PIPELINE.stream().anyMatch(c -> c.getName().startsWith(prefix)), "no classes found in " + prefix);
        }
    }
}
