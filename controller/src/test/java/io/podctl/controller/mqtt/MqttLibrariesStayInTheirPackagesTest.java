package io.podctl.controller.mqtt;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Paho types never leave {@code mqtt.paho}; HiveMQ types never leave {@code sim.broker} (main code). */
class MqttLibrariesStayInTheirPackagesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.podctl");

    @Test
    void pahoIsUsedOnlyInsideTheMqttPahoPackage() {
        noClasses().that().resideOutsideOfPackage("io.podctl.controller.mqtt.paho..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.paho..")
                .check(MAIN);
    }

    @Test
    void hiveMqIsUsedOnlyByTheSimulatorsBroker() {
        noClasses().that().resideOutsideOfPackage("io.podctl.controller.sim.broker..")
                .should().dependOnClassesThat().resideInAPackage("com.hivemq..")
                .check(MAIN);
    }

    @Test
    void thePublicMqttApiDoesNotDependOnItsImplementation() {
        noClasses().that().resideInAPackage("io.podctl.controller.mqtt")
                .should().dependOnClassesThat().resideInAPackage("io.podctl.controller.mqtt.paho..")
                .check(MAIN);
    }
}
