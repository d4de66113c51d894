package io.podctl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module arrows of ARCHITECTURE.md true on the main code of every module: config and hal never see
 * each other, dependencies point one way, and the libraries that touch hardware or the network stay inside
 * the packages that adapt them.
 */
class ModuleArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // Main code only: test classes of this module and of the controller's test-jar (broker fixtures) may
        // use any library.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.podctl");
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void configDependsOnNoOtherModule() {
        check(noClasses().that().resideInAPackage("io.podctl.config..").should().dependOnClassesThat()
                .resideInAnyPackage("io.podctl.hal..", "io.podctl.sensors..", "io.podctl.controller.."));
    }

    @Test
    void halDependsOnNoOtherModule() {
        check(noClasses().that().resideInAPackage("io.podctl.hal..").should().dependOnClassesThat()
                .resideInAnyPackage("io.podctl.config..", "io.podctl.sensors..", "io.podctl.controller.."));
    }

    @Test
    void sensorsSeeOnlyHal() {
        check(noClasses().that().resideInAPackage("io.podctl.sensors..").should().dependOnClassesThat()
                .resideInAnyPackage("io.podctl.config..", "io.podctl.controller.."));
    }

    @Test
    void modbusAndSerialLibrariesStayInsideHalInternals() {
        check(noClasses().that().resideOutsideOfPackages("io.podctl.hal.modbus.internal..", "io.podctl.hal.sim.internal..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().resideInAnyPackage("com.ghgande..", "com.fazecast.."));
    }

    @Test
    void pi4jStaysInsideHalInternals() {
        check(noClasses().that().resideOutsideOfPackages("io.podctl.hal.gpio.internal..", "io.podctl.hal.sim.internal..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().resideInAPackage("com.pi4j.."));
    }

    /** JNA (native calls: the clock's synchronization state) only in an internal package of hal. */
    @Test
    void jnaStaysInsideHalInternals() {
        check(noClasses().that().resideOutsideOfPackages("io.podctl.hal..internal..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna.."));
    }

    /** The controller's side of remote GPIO is chosen by the composition root only, like any other hardware. */
    @Test
    void onlyTheCompositionRootOpensRemoteGpio() {
        check(noClasses().that().resideOutsideOfPackages("io.podctl.controller.bootstrap..", "io.podctl.hal.gpio.remote..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.podctl.hal.gpio.remote.RemoteGpioPlatform"));
    }

    /** The plant's side of remote GPIO and its control channel serve a simulated plant: the launcher starts them. */
    @Test
    void onlyTheLauncherServesAPlant() {
        check(noClasses().that().resideOutsideOfPackages("io.podctl.controller.cli..", "io.podctl.hal.gpio.remote..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.podctl.hal.gpio.remote.RemoteGpioServer"));
        check(noClasses().that().resideOutsideOfPackages("io.podctl.controller.cli..", "io.podctl.controller.scenario..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "io.podctl.controller.scenario.PlantControlServer"));
    }

    @Test
    void pahoStaysInsideTheMqttAdapter() {
        check(noClasses().that().resideOutsideOfPackage("io.podctl.controller.mqtt.paho..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.paho.."));
    }

    @Test
    void theEmbeddedBrokerStaysInTheSimulatorPackage() {
        check(noClasses().that().resideOutsideOfPackage("io.podctl.controller.sim.broker..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().resideInAPackage("com.hivemq.."));
    }

    @Test
    void theJdkHttpServerStaysInTheHttpAdapters() {
        check(noClasses().that().resideOutsideOfPackages("io.podctl.controller.console..",
                        "io.podctl.controller.metrics..")
                .and().resideInAPackage("io.podctl..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver.."));
    }

    @Test
    void theConsoleReadsNothingOfTheController() {
        // It serves files; the page learns everything from the broker (docs/console.md).
        check(noClasses().that().resideInAPackage("io.podctl.controller.console..")
                .should().dependOnClassesThat().resideInAnyPackage("io.podctl.controller.loop..",
                        "io.podctl.controller.safety..", "io.podctl.controller.mqtt..", "io.podctl.controller.commands..",
                        "io.podctl.controller.state..", "io.podctl.controller.bootstrap..", "io.podctl.sensors..",
                        "io.podctl.hal.."));
    }

    @Test
    void theLoopAndTheSafetyEngineNeverTouchJsonOrMqttLibraries() {
        check(noClasses().that().resideInAnyPackage("io.podctl.controller.loop..", "io.podctl.controller.safety..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "org.eclipse.paho..",
                        "io.podctl.controller.mqtt.."));
    }

    @Test
    void onlyTheCompositionRootAndTheLauncherChooseHardwareOrReadTheConfiguration() {
        // Commands read durations in the configuration's own syntax ("30min"): that one class is shared.
        check(noClasses().that().resideInAPackage("io.podctl.controller..")
                .and().resideOutsideOfPackages("io.podctl.controller.bootstrap..", "io.podctl.controller.cli..",
                        "io.podctl.controller.scenario..")
                .should().dependOnClassesThat(DescribedPredicate.describe(
                        "are simulated hardware or configuration (other than Durations)",
                        c -> c.getPackageName().startsWith("io.podctl.hal.sim")
                                || c.getPackageName().startsWith("io.podctl.config")
                                && !c.getName().equals("io.podctl.config.Durations"))));
    }

    @Test
    void onlyTheLauncherRunsScenarios() {
        // The scenario runner is a rig's harness around the composition root: it builds simulated pods and reads
        // scenario files; nothing in the controller itself may depend on it.
        check(noClasses().that().resideInAPackage("io.podctl.controller..")
                .and().resideOutsideOfPackages("io.podctl.controller.scenario..", "io.podctl.controller.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.podctl.controller.scenario.."));
    }
}
