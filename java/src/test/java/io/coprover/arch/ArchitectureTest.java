package io.coprover.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import io.coprover.protocol.PlantedWrongWayImport;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md, checked on the compiled main classes: each layer uses only
 * the layers below it (and the ones it is allowed beside), and no two packages depend on each
 * other. The rule is shown to bite: a class planted in {@code protocol} (test sources) that
 * imports the node layer is a violation.
 */
class ArchitectureTest {
    static final String ROOT = "io.coprover.";

    static Architectures.LayeredArchitecture layers() {
        return Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Log")
                .definedBy(ROOT + "log..")
                .layer("Protocol")
                .definedBy(ROOT + "protocol..")
                .layer("Math")
                .definedBy(ROOT + "math..")
                .layer("Backend")
                .definedBy(ROOT + "backend..")
                .layer("Plonk")
                .definedBy(ROOT + "plonk..")
                .layer("Rollup")
                .definedBy(ROOT + "rollup..")
                .layer("Scheduler")
                .definedBy(ROOT + "scheduler..")
                .layer("Http")
                .definedBy(ROOT + "net.http..")
                .layer("Jobs")
                .definedBy(ROOT + "jobs..")
                .layer("Metrics")
                .definedBy(ROOT + "metrics..")
                .layer("Node")
                .definedBy(ROOT + "node", ROOT + "node.net..", ROOT + "node.config..")
                .layer("Requests")
                .definedBy(ROOT + "requests..")
                .layer("Builder")
                .definedBy(ROOT + "builder..")
                .layer("Farm")
                .definedBy(ROOT + "farm..")
                .layer("Standalone")
                .definedBy(ROOT + "node.standalone..")
                .layer("Sim")
                .definedBy(ROOT + "sim..")
                .layer("Cli")
                .definedBy(ROOT + "cli..")
                .whereLayer("Log")
                .mayNotAccessAnyLayer()
                .whereLayer("Protocol")
                .mayNotAccessAnyLayer()
                .whereLayer("Math")
                .mayNotAccessAnyLayer()
                .whereLayer("Backend")
                .mayOnlyAccessLayers("Math", "Log")
                .whereLayer("Plonk")
                .mayOnlyAccessLayers("Math", "Backend", "Log")
                .whereLayer("Rollup")
                .mayOnlyAccessLayers("Math", "Backend", "Plonk", "Protocol", "Log")
                .whereLayer("Scheduler")
                .mayOnlyAccessLayers("Backend", "Protocol", "Log")
                .whereLayer("Http")
                .mayOnlyAccessLayers("Protocol", "Log")
                .whereLayer("Jobs")
                .mayNotAccessAnyLayer()
                .whereLayer("Metrics")
                .mayOnlyAccessLayers("Http", "Log")
                .whereLayer("Node")
                .mayOnlyAccessLayers(
                        "Math", "Backend", "Plonk", "Rollup", "Protocol", "Scheduler", "Http", "Metrics", "Log")
                .whereLayer("Requests")
                .mayOnlyAccessLayers("Math", "Backend", "Plonk", "Rollup", "Protocol", "Scheduler", "Log", "Jobs")
                .whereLayer("Builder")
                .mayOnlyAccessLayers(
                        "Math",
                        "Backend",
                        "Plonk",
                        "Rollup",
                        "Protocol",
                        "Scheduler",
                        "Http",
                        "Metrics",
                        "Log",
                        "Node",
                        "Jobs",
                        "Requests")
                .whereLayer("Farm")
                .mayOnlyAccessLayers(
                        "Math",
                        "Backend",
                        "Plonk",
                        "Rollup",
                        "Protocol",
                        "Scheduler",
                        "Http",
                        "Metrics",
                        "Log",
                        "Node",
                        "Jobs",
                        "Requests")
                .whereLayer("Standalone")
                .mayOnlyAccessLayers(
                        "Math",
                        "Backend",
                        "Plonk",
                        "Rollup",
                        "Protocol",
                        "Scheduler",
                        "Http",
                        "Metrics",
                        "Log",
                        "Node",
                        "Builder")
                .whereLayer("Sim")
                .mayOnlyAccessLayers(
                        "Math", "Backend", "Plonk", "Rollup", "Protocol", "Scheduler", "Http", "Metrics", "Log", "Node")
                .whereLayer("Cli")
                .mayOnlyAccessLayers(
                        "Math",
                        "Backend",
                        "Plonk",
                        "Rollup",
                        "Protocol",
                        "Scheduler",
                        "Http",
                        "Metrics",
                        "Log",
                        "Node",
                        "Builder",
                        "Farm",
                        "Standalone",
                        "Sim",
                        "Jobs",
                        "Requests");
    }

    /** No cycle between any two packages (plonk ↔ plonk.io, builder ↔ node were ones). */
    static ArchRule noCycles() {
        return slices().matching(ROOT + "(**)").should().beFreeOfCycles();
    }

    static JavaClasses main() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.coprover");
    }

    @Test
    void theLayersHold() {
        layers().check(main());
    }

    @Test
    void noPackagesDependOnEachOther() {
        noCycles().check(main());
    }

    @Test
    void aWrongWayImportIsCaught() {
        JavaClasses planted =
                new ClassFileImporter().importClasses(PlantedWrongWayImport.class, io.coprover.node.ProverNode.class);
        EvaluationResult r = layers().withOptionalLayers(true).evaluate(planted);
        assertTrue(r.hasViolation(), "the planted protocol → node import must be a violation");
        assertTrue(
                r.getFailureReport().toString().contains("PlantedWrongWayImport"),
                r.getFailureReport().toString());
        EvaluationResult clean = layers().withOptionalLayers(true)
                .evaluate(new ClassFileImporter().importClasses(io.coprover.node.ProverNode.class));
        assertFalse(clean.hasViolation(), clean.getFailureReport().toString());
    }
}
