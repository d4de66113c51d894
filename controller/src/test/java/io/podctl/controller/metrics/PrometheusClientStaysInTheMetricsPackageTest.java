package io.podctl.controller.metrics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus client's types never leave {@code controller.metrics} (main code), as Paho's stay in
 * {@code mqtt.paho}; and the metrics adapter reads only what the loop hands off, never the loop's own objects.
 */
class PrometheusClientStaysInTheMetricsPackageTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.podctl");

    @Test
    void thePrometheusClientIsUsedOnlyInsideTheMetricsPackage() {
        noClasses().that().resideOutsideOfPackage("io.podctl.controller.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .check(MAIN);
    }

    @Test
    void theMetricsAdapterNeverTouchesTheLoopOrTheSafetyEngine() {
        noClasses().that().resideInAPackage("io.podctl.controller.metrics..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.podctl.controller.loop.ControlLoop")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.podctl.controller.loop.LoopRunner")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.podctl.controller.safety.SafetyEngine")
                .check(MAIN);
    }
}
