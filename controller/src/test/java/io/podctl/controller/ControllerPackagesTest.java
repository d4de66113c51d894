package io.podctl.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Arrows between the controller's packages (main code): the layer that defines commands does not reach up into
 * the transport or the runtime, and the safety engine depends on nothing but the samples it judges and the
 * reason codes it answers with, and the loop knows only what the composition root hands it. Each rule is also
 * shown to fail on a test fixture that breaks it.
 */
class ControllerPackagesTest {
    private static final String FIXTURE = "ArchFixture";
    private static final JavaClasses MAIN = importMain(false);

    /** Main code of the controller, and with {@code withFixtures} the fixtures that break the rules. */
    private static JavaClasses importMain(boolean withFixtures) {
        return new ClassFileImporter()
                .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                        || withFixtures && location.contains("/" + FIXTURE))
                .importPackages("io.podctl.controller");
    }

    static final ArchRule COMMANDS_DO_NOT_REACH_UP = noClasses().that().resideInAPackage("io.podctl.controller.commands..")
            .should().dependOnClassesThat().resideInAnyPackage("io.podctl.controller.mqtt..",
                    "io.podctl.controller.cli..", "io.podctl.controller.bootstrap..", "io.podctl.controller.loop..",
                    "io.podctl.controller.persistence..", "io.podctl.controller.journal..")
            .because("commands are defined below the transport that carries them and the runtime that runs them");

    static final ArchRule LOOP_IS_GIVEN_ITS_WORLD = noClasses().that().resideInAPackage("io.podctl.controller.loop..")
            .should().dependOnClassesThat().resideInAnyPackage("io.podctl.controller.mqtt..",
                    "io.podctl.controller.cli..", "io.podctl.controller.bootstrap..", "io.podctl.controller.sim..",
                    "io.podctl.controller.persistence..", "io.podctl.controller.journal..",
                    "io.podctl.controller.metrics..", "io.podctl.controller.console..")
            .because("the loop reads, drives and reports through what the composition root hands it (LoopInputs,"
                    + " LoopOutputs, LoopReporting), never through the transport, the stores or the root itself");

    static final ArchRule SAFETY_SEES_ONLY_SAMPLES_AND_REASON_CODES = classes()
            .that().resideInAPackage("io.podctl.controller.safety..")
            .should().onlyDependOnClassesThat(DescribedPredicate.describe(
                    "are the JDK, samples (io.podctl.sensors), the safety package or ReasonCode",
                    ControllerPackagesTest::mayBeSeenBySafety))
            .because("the engine is a function of snapshots and commands: MQTT, the CLI, persistence and the loop"
                    + " call it, never the other way round");

    private static boolean mayBeSeenBySafety(JavaClass c) {
        JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
        String p = base.getPackageName();
        return base.isPrimitive() || p.startsWith("java.") || p.equals("io.podctl.sensors")
                || p.startsWith("io.podctl.controller.safety")
                || base.getName().equals("io.podctl.controller.commands.ReasonCode");
    }

    @Test
    void commandsDoNotDependOnTheTransportOrTheRuntime() {
        COMMANDS_DO_NOT_REACH_UP.check(MAIN);
    }

    @Test
    void theLoopKnowsOnlyWhatItIsGiven() {
        LOOP_IS_GIVEN_ITS_WORLD.check(MAIN);
    }

    @Test
    void theSafetyEngineDependsOnlyOnSamplesAndReasonCodes() {
        SAFETY_SEES_ONLY_SAMPLES_AND_REASON_CODES.check(MAIN);
    }

    @Test
    void eachRuleFailsOnAClassThatBreaksIt() {
        JavaClasses withFixtures = importMain(true);
        assertFailsNaming(COMMANDS_DO_NOT_REACH_UP, withFixtures, "ArchFixtureCommandOverMqtt");
        assertFailsNaming(SAFETY_SEES_ONLY_SAMPLES_AND_REASON_CODES, withFixtures, "ArchFixtureSafetyStoringState");
        assertFailsNaming(LOOP_IS_GIVEN_ITS_WORLD, withFixtures, "ArchFixtureLoopBuildingItsWorld");
    }

    static void assertFailsNaming(ArchRule rule, JavaClasses classes, String violator) {
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(classes));
        assertTrue(e.getMessage().contains(violator), () -> "the failure should name " + violator + ": "
                + e.getMessage());
    }
}
